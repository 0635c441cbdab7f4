# Consent on the young person's pages: the shared explanation, history, receipts and renewal.
audience-name-peers = Other young people
audience-name-policy_makers = Policy makers
audience-name-council = Council members
consent-shared-what = For every group: they only see the text above. Your name and other things that could give you away have been taken out. They do not know who you are.
consent-shared-no = If you say no, nothing about your care changes. You can always change your mind later. Untick the box: the piece is gone straight away.
consent-guardian-too = You are under 16. So your parent or guardian must say yes too. Only then can a group read it.
consent-guardian-said-nothing = Your parent or guardian has not said yes to anything yet. So nobody can read it yet.
consent-guardian-said-yes = Your parent or guardian said yes for:
consent-read-more = More about { $audience }
excerpt-status = Status:

history-heading = What has been chosen?
history-none = Nothing has been chosen yet.
history-caption = Every choice for this piece, newest first
history-when = When
history-who = Who
history-audience = Group
history-answer = Answer
history-until = Valid until
history-by-youth = You
history-by-guardian = Your parent or guardian
history-yes = yes
history-no = no
history-receipts-link = See your proof of consent

receipts-title = Proof of consent
receipts-lead = Every time you or your parent or guardian choose something, we make a proof. The story vault signs it digitally. So later you can show what was chosen.
receipts-none = There is no proof yet. It comes when you choose who may read the piece.
receipts-until = valid until { $date }
receipts-text-version = explanation version { $version }
receipts-excerpt-version = Version { $version } of the piece.
receipts-fingerprint = Fingerprint of the text:
receipts-download = Download proof { $number } (JSON file)
receipts-check-heading = Is the proof real?
receipts-check = Anyone can check, even offline, with the command
receipts-key-file = key.json
receipts-receipt-file = proof.json
receipts-key-link = and the story vault's public key.
receipts-back = Back to your piece

renewals-heading = Consent that is ending
renewals-lead = Should a group keep reading the piece? Then renew the consent. It takes one click.
renewals-renew = Renew
renewals-read-first = Read the piece first
renewals-done = The consent has been renewed.
renewal-expiring = ends on { $date }.
renewal-lapsed = ended on { $date }. This group cannot read it now.
renewal-consent_text_changed = the explanation has changed. This group can only read it again after renewing.

me-erase-heading = Stop and erase everything
me-erase-text = Do you want to stop? Then you can erase your stories, your pieces and your account. This cannot be undone. You first read exactly what happens.
me-erase-link = Read what erasing everything means
