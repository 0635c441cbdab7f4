# Layout, start page, login, invitation, language switch.
site-name = Verhalenkluis
skip-to-content = Naar de inhoud
language-switch = English
nav-label = Hoofdmenu
nav-me = Mijn stukjes
nav-access-log = Wie las wat
nav-export = Mijn gegevens downloaden
nav-erase = Alles wissen
nav-participants = Mijn jongeren
nav-participant-new = Jongere aanmelden
nav-accounts = Accounts
nav-feed = Verhalen lezen
logout = Uitloggen
footer-text = Verhalenkluis bewaart verhalen van jongeren in de jeugdhulp veilig. Alleen wat een jongere zelf goedkeurt, wordt gedeeld, zonder naam.
back-to-start = Terug naar de startpagina
error-summary-title = Er ging iets mis

start-title = Verhalen van jongeren in de jeugdhulp
start-lead = Jongeren vertellen hier wat zij meemaakten in de jeugdhulp. Zij beslissen zelf wie een stukje mag lezen.
start-how = Een jeugdwerker schrijft jouw verhaal op. Daarna kies jij welke stukjes gedeeld mogen worden, en met wie: andere jongeren, beleidsmakers of de gemeenteraad.
start-safe = Je naam en andere dingen waaraan iemand je kan herkennen, halen we eruit. Je kunt altijd van gedachten veranderen.
start-go-home = Naar je eigen pagina
start-youth-heading = Heb je een code gekregen?
start-youth-text = Je jeugdwerker gaf je een code. Daarmee maak je je eigen account.
start-invite-link = Code invullen
start-account-heading = Heb je al een account?
start-login-link = Inloggen

login-title = Inloggen
login-username = Gebruikersnaam
login-password = Wachtwoord
login-totp = Eenmalige code (alleen als je die hebt ingesteld)
login-totp-hint = De 6 cijfers uit je app. Heb je geen app ingesteld? Laat dit leeg.
login-submit = Inloggen
login-youth-hint = Nog geen account, maar wel een code?
login-invite-link = Vul je code in.

invite-title = Je code invullen
invite-lead = Met de code van je jeugdwerker maak je je eigen account. Daarna kun je je stukjes lezen en zelf kiezen wie ze mag zien.
invite-code = Code
invite-code-hint = Bijvoorbeeld 7KQ2-M9XD-… Hoofdletters en streepjes maken niet uit.
invite-username = Kies een gebruikersnaam
invite-username-hint = Gebruik niet je echte naam.
invite-password = Kies een wachtwoord
invite-password-hint = Minstens 12 tekens. Een paar woorden achter elkaar is makkelijk te onthouden.
invite-submit = Account maken
