# Pages for young people: language level B1, short sentences.
me-title = Mijn stukjes
me-waiting-heading = Dit wacht op jou
me-waiting-none = Er wacht nu niets op jou.
me-waiting-lead = Lees deze stukjes. Zeg of ze goed zijn.
me-read-and-decide = Lezen en kiezen
me-others-heading = Je andere stukjes
me-others-none = Je hebt nog geen andere stukjes.
me-shared-with = Wie mag het lezen:
me-shared-with-nobody = Niemand mag het lezen.
me-open = Bekijken
back-to-me = Terug naar mijn stukjes

status-draft = Nog niet klaar
status-awaiting_review = Wacht op jou
status-approved = Goedgekeurd
status-rejected = Afgekeurd

audience-peers = andere jongeren
audience-policy_makers = beleidsmakers
audience-council = raadsleden

excerpt-title = Jouw stukje
excerpt-as-published = Zo ziet iemand anders dit stukje:
excerpt-redactions-explained = Gemarkeerde woorden hebben we eruit gehaald. Zo weet niemand wie je bent.
excerpt-nothing-to-decide = Je hoeft nu niets te kiezen.
redaction-named = weggehaald: { $kind }
redaction-person = naam
redaction-location = plaats
redaction-organisation = organisatie
redaction-date = datum
redaction-age = leeftijd
redaction-phone = telefoonnummer
redaction-email = e-mailadres
redaction-url = internetadres
redaction-social = account
redaction-id = nummer

review-question = Is dit stukje goed zo?
review-approve = Ja, het is goed
review-reject = Nee, het is niet goed
review-comment = Wil je iets zeggen tegen je jeugdwerker? (mag leeg blijven)
review-comment-hint = Bijvoorbeeld wat er anders moet.
review-submit = Versturen

consent-question = Wie mag dit stukje lezen?
consent-lead = Kies per groep. Je mag ook niemand kiezen.
consent-unchecked-means-no = Geen vinkje betekent: deze groep mag het niet lezen.
consent-submit = Opslaan
consent-withdraw-all = Met niemand meer delen
consent-saved = Je keuze is opgeslagen.
effect-peers = Andere jongeren kunnen dit lezen
effect-policy_makers = Beleidsmakers kunnen dit lezen
effect-council = Raadsleden kunnen dit lezen

access-title = Wie las wat
access-lead = Hier zie je wanneer iemand anders jouw verhaal of een stukje las.
access-none = Nog niemand anders heeft iets gelezen.
access-caption = Wie las wat, en wanneer
access-when = Wanneer
access-who = Wie
access-what = Wat
role-worker = Een jeugdwerker
role-peer = Een andere jongere
role-policy_maker = Een beleidsmaker
role-council = Een raadslid
role-admin = Een beheerder
role-youth = Jij
object-story = Je verhaal
object-excerpt = Een stukje

erase-title = Alles wissen
erase-what = Als je alles wist, halen we dit weg:
erase-item-stories = je verhalen en al je stukjes;
erase-item-shared = wat je hebt gedeeld: niemand kan het daarna nog lezen;
erase-item-account = je account: je kunt daarna niet meer inloggen.
erase-final = Dit kan niet terug. Wil je je gegevens eerst bewaren? Download ze dan eerst.
erase-export-first = Eerst bewaren?
erase-confirm = Ja, ik wil alles wissen
erase-submit = Alles wissen
erased-title = Alles is gewist
erased-text = Je verhalen, je stukjes en je account zijn weg.
error-confirm-confirm_required = Zet een vinkje als je echt alles wilt wissen.
