# Pages for youth workers.
participants-title = My young people
participants-none = You have not registered anyone yet.
participants-caption = Young people you are responsible for
participants-pseudonym = Pseudonym
participants-birth-year = Year of birth
participants-created = Registered on

participant-new-title = Register a young person
participant-birth-year = Year of birth
participant-birth-year-hint = For example 2010.
participant-identifiers = Names and places that must never be shared
participant-identifiers-hint = One per line: the young person's name, parents, school, home town. They are stored encrypted and taken out of every piece.
participant-new-submit = Register

invite-code-title = The code for the young person
invite-code-for = For { $pseudonym }.
invite-code-once = You see this code only once. Hand it over or print it now.
invite-code-how = The young person goes to the start page, chooses ‘Enter your code’ and makes their own account there. The code works for 14 days.
invite-code-continue = On to this young person

participant-stories = Stories
participant-story-new = Write down a story
participant-no-stories = No stories yet.
participant-excerpts = Pieces
participant-no-excerpts = No pieces yet.
participant-excerpt-link = View piece
participant-invite-heading = New code
participant-invite-text = Code lost or expired? Make a new one. The old code then stops working.
participant-invite-submit = Make a new code

story-new-title = Write down a story
story-title = Title
story-body = The story
story-body-hint = Write down what the young person told. Nothing of it is shared unless the young person approves a piece.
story-themes = Themes
story-recorded-on = Date of the conversation
story-recorded-on-hint = Year-month-day, for example 2026-03-14.
story-new-submit = Save
story-text-heading = Text
back-to-participant = Back to the young person
back-to-story = Back to the story

excerpt-new-heading = Choose a piece
excerpt-new-lead = Select part of the text above, or fill in the positions (in characters, the first is 0), or paste the text below.
excerpt-selection-filled = Start and end were filled in from your selection.
excerpt-by-offsets = Start and end in characters
excerpt-start = Start
excerpt-start-hint = The first character of the text is 0. The end is not included.
excerpt-end = End
excerpt-by-text = Or: the text of the piece
excerpt-by-text-hint = Then leave start and end empty.
excerpt-new-submit = Make a proposal

worker-excerpt-title = Piece
worker-excerpt-status = Status
worker-status-draft = Draft: not sent to the young person yet
worker-status-awaiting_review = With the young person
worker-status-approved = Approved by the young person
worker-status-rejected = Rejected by the young person
worker-review-heading = The young person's answer
worker-review-no-comment = The young person wrote no comment.
worker-proposal-heading = This is how it is shared
worker-proposal-lead = Marked is what the anonymiser took out, with its kind.
worker-submit = Send to the young person
worker-edit-heading = Change the text
worker-edit-lead = After a change it is a draft again and all consent lapses.
worker-edit-text = Text of the piece
worker-edit-submit = Save the change
object-story_titles = The titles of your stories
