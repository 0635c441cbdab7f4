# Pages for a guardian (parent, legal guardian or guardian organisation) of a young person under 16.
# Adults: "u". Language level B1, short sentences.
nav-guardian = Overzicht
role-guardian = Een ouder of voogd
role-name-guardian = Ouder of voogd
guardian-title = Meebeslissen als ouder of voogd
guardian-lead = Een jongere onder de 16 wil een stukje van zijn of haar verhaal delen. Dan moet u als ouder of voogd ook ja zeggen. U ziet alleen het stukje zelf, zonder namen. De rest van het verhaal ziet u niet.
guardian-sixteen = De jongere is nu 16 jaar of ouder. Uw toestemming is niet meer nodig: de jongere beslist zelf.
guardian-waiting-heading = Dit wacht op uw antwoord
guardian-waiting-none = Er wacht nu niets op u.
guardian-youth-wants = De jongere wil dit delen met:
guardian-read-and-decide = Lezen en kiezen
guardian-answered-heading = Hier heeft u al op geantwoord
guardian-answered-none = U heeft nog nergens op geantwoord.
guardian-you-said-yes = U zei ja voor:
guardian-you-said-no = U zei tegen iedereen nee.
guardian-open = Bekijken of veranderen
guardian-excerpt-title = Een stukje van de jongere
guardian-excerpt-as-published = Zo ziet een lezer dit stukje. Meer van het verhaal ziet u niet.
guardian-redactions-explained = Gemarkeerde woorden zijn eruit gehaald. Zo weet niemand wie de jongere is.
guardian-consent-question = Wie mag dit stukje lezen?
guardian-consent-lead = Kies per groep. Een groep kan het stukje alleen lezen als de jongere én u ja zeggen. De uitleg per groep is geschreven voor de jongere.
guardian-consent-both = Zegt u nee? Dan kan die groep het niet lezen. Aan de hulp verandert niets. U kunt later altijd van mening veranderen: dan is het stukje meteen weg bij die groep.
guardian-youth-said-no = De jongere wil dit niet met deze groep delen. Daarom kunt u hier geen ja zeggen.
guardian-unchecked-means-no = Geen vinkje betekent: deze groep mag het niet lezen.
guardian-withdraw-all = Met niemand delen
guardian-saved = Uw keuze is opgeslagen.
guardian-back = Terug naar het overzicht
