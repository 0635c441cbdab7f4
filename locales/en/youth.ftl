# Pages for young people: plain language, short sentences.
me-title = My pieces
me-waiting-heading = Waiting for you
me-waiting-none = Nothing is waiting for you now.
me-waiting-lead = Read these pieces. Say whether they are right.
me-read-and-decide = Read and choose
me-others-heading = Your other pieces
me-others-none = You have no other pieces yet.
me-shared-with = Who may read it:
me-shared-with-nobody = Nobody may read it.
me-open = View
back-to-me = Back to my pieces

status-draft = Not ready yet
status-awaiting_review = Waiting for you
status-approved = Approved
status-rejected = Rejected

audience-peers = other young people
audience-policy_makers = policy makers
audience-council = council members

excerpt-title = Your piece
excerpt-as-published = This is how someone else sees this piece:
excerpt-redactions-explained = We took out the marked words. That way nobody knows who you are.
excerpt-nothing-to-decide = You do not need to choose anything now.
redaction-named = taken out: { $kind }
redaction-person = name
redaction-location = place
redaction-organisation = organisation
redaction-date = date
redaction-age = age
redaction-phone = phone number
redaction-email = email address
redaction-url = web address
redaction-social = account
redaction-id = number

review-question = Is this piece right?
review-approve = Yes, it is right
review-reject = No, it is not right
review-comment = Do you want to tell your youth worker something? (you may leave this empty)
review-comment-hint = For example what should change.
review-submit = Send

consent-question = Who may read this piece?
consent-lead = Choose per group. You may also choose nobody.
consent-unchecked-means-no = No tick means: this group may not read it.
consent-submit = Save
consent-withdraw-all = Share with nobody any more
consent-saved = Your choice is saved.
effect-peers = Other young people can read this
effect-policy_makers = Policy makers can read this
effect-council = Council members can read this

access-title = Who read what
access-lead = Here you see when someone else read your story or a piece.
access-none = Nobody else has read anything yet.
access-caption = Who read what, and when
access-when = When
access-who = Who
access-what = What
role-worker = A youth worker
role-peer = Another young person
role-policy_maker = A policy maker
role-council = A council member
role-admin = An administrator
role-youth = You
object-story = Your story
object-excerpt = A piece

erase-title = Erase everything
erase-what = If you erase everything, we remove:
erase-item-stories = your stories and all your pieces;
erase-item-shared = what you shared: nobody can read it afterwards;
erase-item-account = your account: you cannot log in afterwards.
erase-final = This cannot be undone. Do you want to keep your data? Download it first.
erase-export-first = Keep it first?
erase-confirm = Yes, I want to erase everything
erase-submit = Erase everything
erased-title = Everything is erased
erased-text = Your stories, your pieces and your account are gone.
error-confirm-confirm_required = Tick the box if you really want to erase everything.
