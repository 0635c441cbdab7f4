# Consent on the young person's pages: the shared explanation, history, receipts and renewal.
# Language level B1. The renewal messages are also shown to guardians, so they use neither je nor u.
audience-name-peers = Andere jongeren
audience-name-policy_makers = Beleidsmakers
audience-name-council = Raadsleden
consent-shared-what = Voor elke groep geldt: ze zien alleen de tekst hierboven. Je naam en andere dingen waaraan iemand je kan herkennen, zijn eruit gehaald. Ze weten niet wie je bent.
consent-shared-no = Zeg je nee? Dan verandert er niets aan je hulp. Je mag later altijd van mening veranderen. Haal dan het vinkje weg: het stukje is meteen weg.
consent-guardian-too = Je bent jonger dan 16. Daarom moet je ouder of voogd ook ja zeggen. Pas dan kan een groep het lezen.
consent-guardian-said-nothing = Je ouder of voogd heeft nog nergens ja op gezegd. Daarom kan nog niemand het lezen.
consent-guardian-said-yes = Je ouder of voogd zei ja voor:
consent-read-more = Meer over { $audience }
excerpt-status = Status:

history-heading = Wat is er gekozen?
history-none = Er is nog niets gekozen.
history-caption = Alle keuzes voor dit stukje, de nieuwste eerst
history-when = Wanneer
history-who = Wie
history-audience = Groep
history-answer = Antwoord
history-until = Geldig tot
history-by-youth = Jij
history-by-guardian = Je ouder of voogd
history-yes = ja
history-no = nee
history-receipts-link = Bekijk je bewijs van toestemming

receipts-title = Bewijs van toestemming
receipts-lead = Elke keer dat jij of je ouder of voogd iets kiest, maken wij een bewijs. De verhalenkluis zet er een digitale handtekening onder. Zo kun je later laten zien wat er is gekozen.
receipts-none = Er is nog geen bewijs. Dat komt als je kiest wie het stukje mag lezen.
receipts-until = geldig tot { $date }
receipts-text-version = uitleg versie { $version }
receipts-excerpt-version = Versie { $version } van het stukje.
receipts-fingerprint = Vingerafdruk van de tekst:
receipts-download = Bewijs { $number } downloaden (JSON-bestand)
receipts-check-heading = Is het bewijs echt?
receipts-check = Iedereen kan dat nakijken, ook zonder internet. Dat gaat met het commando
receipts-key-file = sleutel.json
receipts-receipt-file = bewijs.json
receipts-key-link = en de openbare sleutel van de verhalenkluis.
receipts-back = Terug naar je stukje

renewals-heading = Toestemming die stopt
renewals-lead = Moet een groep het stukje blijven lezen? Verleng dan de toestemming. Dat is één klik.
renewals-renew = Verlengen
renewals-read-first = Eerst het stukje lezen
renewals-done = De toestemming is verlengd.
renewal-expiring = stopt op { $date }.
renewal-lapsed = is gestopt op { $date }. Deze groep kan het nu niet lezen.
renewal-consent_text_changed = de uitleg is veranderd. Deze groep kan het pas weer lezen na verlengen.

me-erase-heading = Stoppen en alles wissen
me-erase-text = Wil je stoppen? Dan kun je je verhalen, je stukjes en je account wissen. Dat kan niet terug. Je leest eerst precies wat er gebeurt.
me-erase-link = Lees wat alles wissen betekent
