# Layout, start page, login, invitation, language switch.
site-name = Story vault
skip-to-content = Skip to content
language-switch = Nederlands
nav-label = Main menu
nav-me = My pieces
nav-access-log = Who read what
nav-export = Download my data
nav-erase = Erase everything
nav-participants = My young people
nav-participant-new = Register a young person
nav-accounts = Accounts
nav-feed = Read stories
logout = Log out
footer-text = Story vault keeps the stories of young people in youth care safe. Only what a young person approves is shared, without their name.
back-to-start = Back to the start page
error-summary-title = Something went wrong

start-title = Stories of young people in youth care
start-lead = Young people tell what happened to them in youth care. They decide who may read each piece.
start-how = A youth worker writes down your story. Then you choose which pieces may be shared, and with whom: other young people, policy makers or the council.
start-safe = We take out your name and other things that could give you away. You can always change your mind.
start-go-home = To your own page
start-youth-heading = Did you get a code?
start-youth-text = Your youth worker gave you a code. With it you make your own account.
start-invite-link = Enter your code
start-account-heading = Do you have an account?
start-login-link = Log in

login-title = Log in
login-username = Username
login-password = Password
login-totp = One-time code (only if you set one up)
login-totp-hint = The 6 digits from your app. No app set up? Leave this empty.
login-submit = Log in
login-youth-hint = No account yet, but a code?
login-invite-link = Enter your code.

invite-title = Enter your code
invite-lead = With the code from your youth worker you make your own account. Then you can read your pieces and choose who may see them.
invite-code = Code
invite-code-hint = For example 7KQ2-M9XD-… Capitals and dashes do not matter.
invite-username = Choose a username
invite-username-hint = Do not use your real name.
invite-password = Choose a password
invite-password-hint = At least 12 characters. A few words in a row are easy to remember.
invite-submit = Make my account
