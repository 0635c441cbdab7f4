# Pages for youth workers.
participants-title = Mijn jongeren
participants-none = Je hebt nog geen jongeren aangemeld.
participants-caption = Jongeren voor wie jij verantwoordelijk bent
participants-pseudonym = Schuilnaam
participants-birth-year = Geboortejaar
participants-created = Aangemeld op

participant-new-title = Jongere aanmelden
participant-birth-year = Geboortejaar
participant-birth-year-hint = Bijvoorbeeld 2010.
participant-identifiers = Namen en plaatsen die nooit gedeeld mogen worden
participant-identifiers-hint = Eén per regel: de naam van de jongere, ouders, school, woonplaats. Ze worden versleuteld bewaard en uit elk stukje gehaald.
participant-new-submit = Aanmelden

invite-code-title = De code voor de jongere
invite-code-for = Voor { $pseudonym }.
invite-code-once = Je ziet deze code maar één keer. Geef of print hem nu.
invite-code-how = De jongere gaat naar de startpagina, kiest ‘Code invullen’ en maakt daar een eigen account. De code werkt 14 dagen.
invite-code-continue = Verder naar deze jongere

participant-stories = Verhalen
participant-story-new = Verhaal opschrijven
participant-no-stories = Nog geen verhalen.
participant-excerpts = Stukjes
participant-no-excerpts = Nog geen stukjes.
participant-excerpt-link = Stukje bekijken
participant-invite-heading = Nieuwe code
participant-invite-text = Is de code kwijt of verlopen? Maak een nieuwe. De oude code werkt dan niet meer.
participant-invite-submit = Nieuwe code maken

story-new-title = Verhaal opschrijven
story-title = Titel
story-body = Het verhaal
story-body-hint = Schrijf op wat de jongere vertelde. Niets hiervan wordt gedeeld zonder dat de jongere een stukje goedkeurt.
story-themes = Thema's
story-recorded-on = Datum van het gesprek
story-recorded-on-hint = Jaar-maand-dag, bijvoorbeeld 2026-03-14.
story-new-submit = Opslaan
story-text-heading = Tekst
back-to-participant = Terug naar de jongere
back-to-story = Terug naar het verhaal

excerpt-new-heading = Een stukje kiezen
excerpt-new-lead = Selecteer een stuk van de tekst hierboven, of vul de posities in (in tekens, de eerste is 0), of plak de tekst hieronder.
excerpt-selection-filled = Begin en einde zijn ingevuld uit je selectie.
excerpt-by-offsets = Begin en einde in tekens
excerpt-start = Begin
excerpt-start-hint = Het eerste teken van de tekst is 0. Het einde telt niet mee.
excerpt-end = Einde
excerpt-by-text = Of: de tekst van het stukje
excerpt-by-text-hint = Laat begin en einde dan leeg.
excerpt-new-submit = Voorstel maken

worker-excerpt-title = Stukje
worker-excerpt-status = Status
worker-status-draft = Concept: nog niet naar de jongere
worker-status-awaiting_review = Ligt bij de jongere
worker-status-approved = Goedgekeurd door de jongere
worker-status-rejected = Afgekeurd door de jongere
worker-review-heading = Reactie van de jongere
worker-review-no-comment = De jongere schreef geen opmerking.
worker-proposal-heading = Zo wordt het gedeeld
worker-proposal-lead = Gemarkeerd is wat de anonimiseerder eruit haalde, met de soort erbij.
worker-submit = Naar de jongere sturen
worker-edit-heading = Tekst aanpassen
worker-edit-lead = Na een aanpassing is het weer een concept en vervalt alle toestemming.
worker-edit-text = Tekst van het stukje
worker-edit-submit = Aanpassing opslaan
object-story_titles = De titels van je verhalen
