"""A second held-out set: written after all tuning (holdout.py included) and scored once, unchanged since (bench README)."""
from scenarios import D, img, chat_txt, chat_zip, ABUSE, GRIEV, THREAT, SWEAR, BULLY, POL, COMM, DISR, DEFAME, REPUTE, CULT, CHILD, INVITE, PRIV, EMAILS, TS

HOLDOUT2 = [
    dict(id="h2-dad-named-later-year4", kinds=["holdout2", "direct"],
         **{"from": ("Kieran Walsh", "kieran.walsh@gmail.example")}, date=D(2027, 2, 1, 21, 12),
         subject="Year 4 class WhatsApp",
         body="Hi Mrs Jenkin,\n\nSorry to raise this. Tonight in the Year 4 class WhatsApp there was a long post saying Mr Branagh "
              "\"shouldn't be allowed to teach children\" and asking parents to sign a letter. It was from Martin Price, Evie's dad.\n\nKieran",
         expect=dict(group="Year 4", postedBy="Martin Price", quote="shouldn't be allowed to teach children", conduct=[ABUSE, GRIEV, COMM], children=["Evie"], staff=["Mr Branagh", "Mrs Jenkin"])),
    dict(id="h2-gmail-forward-swearing-year6", kinds=["holdout2", "gmail-forward"], envelope="gmail", forwarder="office",
         **{"from": ("Jo Marsden", "jo.marsden@outlook.example")}, date=D(2027, 2, 2, 20, 0),
         subject="Language in the class group",
         body="Hello,\n\nI'm really not happy about the language in the Year 6 group. Tony Rusk replied to the trip reminder with "
              "\"f**k off with your trips\" and then a string of swear words.\n\nJo",
         expect=dict(group="Year 6", postedBy="Tony Rusk", quote="off with your trips", conduct=[SWEAR])),
    dict(id="h2-pasted-android-moderator-year2", kinds=["holdout2", "whatsapp-pasted", "whatsapp-android"],
         **{"from": ("Sue Allen", "sue.allen@gmail.example")}, date=D(2027, 2, 3, 8, 15),
         subject="Y2 WhatsApp - I'm the moderator",
         body="Dear Mrs Jenkin,\n\nAs moderator of the Y2 group I've copied last night's messages:\n\n"
              "02/02/2027, 21:40 - Dee Hart: Has anyone else noticed the new TA is always on her phone\n"
              "02/02/2027, 21:41 - Dee Hart: Absolute waste of money, I'd sack her\n"
              "02/02/2027, 21:45 - Sue Allen: Dee, please take this to the school not the group\n\nSue Allen",
         expect=dict(group="Year 2", postedBy="Dee Hart", quote="waste of money", conduct=[ABUSE, GRIEV], staff=["Mrs Jenkin"], timeline=3)),
    dict(id="h2-question-about-policy-not-concern", kinds=["holdout2", "non-concern", "question"], expect=dict(concern=False, group="Year 3"),
         **{"from": ("Hamid Rahimi", "hamid.rahimi@gmail.example")}, date=D(2027, 2, 4, 12, 0),
         subject="WhatsApp policy question",
         body="Hello,\n\nI've been asked to set up a Year 3 WhatsApp group for the new parents. Is there anything in the school's "
              "policy I should put in the group description?\n\nThanks,\nHamid"),
    dict(id="h2-teacher-forwards-worry-year1", kinds=["holdout2", "outlook-forward", "teacher-forward"], envelope="outlook-new", forwarder="fairweather",
         note="Can we talk about this tomorrow? Lily",
         **{"from": ("Aga Kowal", "aga.kowal@gmail.example")}, date=D(2027, 2, 5, 22, 30),
         subject="Kingfishers group",
         body="Dear Miss Fairweather,\n\nI am worried. Someone in the Kingfishers WhatsApp posted a photo of the children at the "
              "class assembly and said my son is \"the weird one\". The parent is Gail Thorpe.\n\nAga",
         expect=dict(group="Year 1 Kingfishers", postedBy="Gail Thorpe", quote="the weird one", conduct=[CHILD, ABUSE, BULLY], staff=["Miss Fairweather"])),
    dict(id="h2-attached-chat-ios-reception", kinds=["holdout2", "whatsapp-export", "chat-txt"],
         **{"from": ("Ryan Clegg", "ryan.clegg@icloud.example")}, date=D(2027, 2, 8, 7, 30),
         subject="Reception group messages",
         attachments=[chat_txt("_chat.txt",
                               "[07/02/2027, 19:12:40] Hayley Moss: Who's coming to the Reception disco?\n"
                               "[07/02/2027, 19:30:02] Kris Baines: Not me, I'm not paying for that Headmistress's pet projects\n"
                               "[07/02/2027, 19:31:18] Kris Baines: The woman is a joke and everyone knows it\n")],
         body="Hi,\n\nChat attached. Not nice reading about Mrs Jenkin.\n\nRyan",
         expect=dict(group="Reception Robins", postedBy="Kris Baines", quote="is a joke", conduct=[ABUSE, DISR], staff=["Mrs Jenkin"], timeline=3)),
    dict(id="h2-html-newsletter-with-whatsapp", kinds=["holdout2", "non-concern", "newsletter", "html-only"], format="html", expect=dict(concern=False),
         **{"from": ("St John's Priory", "news@stjohnspriory.example")}, date=D(2027, 2, 9, 7, 0),
         subject="Weekly newsletter",
         body="", html="<html><body><h2>This week</h2><p>A reminder that class WhatsApp groups must follow the policy. Please be kind, "
                       "and don't share screenshots of staff messages.</p><p>Book fair on Friday: all money raised goes to the library.</p>"
                       "<p><a href='https://example/unsub'>Unsubscribe</a></p></body></html>"),
    dict(id="h2-nickname-lowercase-year5", kinds=["holdout2", "direct", "informal"],
         **{"from": ("Lou", "lou.t@hotmail.example")}, date=D(2027, 2, 10, 23, 45),
         subject="yr 5",
         body="hiya, sorry its late, but gaz in the yr 5 chat has been going on about the school being a dump and saying "
              "miss osei cant control her class lol. its not funny tho. lou",
         expect=dict(group="Year 5", postedBy="Gaz", quote=None, conduct=[GRIEV, ABUSE, DISR])),
    dict(id="h2-thanks-for-sorting-it", kinds=["holdout2", "non-concern", "thanks", "reply-chain"], expect=dict(concern=False, group="Year 4", staff=["Mrs Turnbull"]),
         **{"from": ("Nina Patel", "nina.patel@gmail.example")}, date=D(2027, 2, 11, 18, 0),
         subject="Re: Year 4 WhatsApp",
         body="Dear Mrs Turnbull,\n\nThank you for sorting out the Year 4 WhatsApp so quickly, it's much calmer now.\n\nNina\n\n"
              "On Wed, 10 Feb 2027 at 09:00, Mrs Turnbull <r.turnbull@stjohnspriory.example> wrote:\n> Dear Mrs Patel, we have spoken to the parent.\n"),
    dict(id="h2-two-level-attached-politics-year3", kinds=["holdout2", "attached-forward", "nested-attachments"], envelope="attached2", chain=["office", "deputy"],
         **{"from": ("Graham Lowe", "graham.lowe@btinternet.example")}, date=D(2027, 2, 12, 10, 40),
         subject="Year 3 WhatsApp group",
         body="To whom it may concern,\n\nPatricia Hume keeps posting about the by-election in the Year 3 WhatsApp, telling parents "
              "which party will \"keep the wrong sort out of our schools\". It has no place there.\n\nGraham Lowe",
         expect=dict(group="Year 3", postedBy="Patricia Hume", quote="keep the wrong sort out of our schools", conduct=[POL, CULT])),
]
