"""The corpus emails and what a careful member of staff would fill in from each. Written for the corpus."""
from datetime import datetime


def D(y, m, d, h, mi, s=0):
    return datetime(y, m, d, h, mi, s)


def img(name):
    return {"kind": "image", "name": name}


def inline_img(name, cid):
    return {"kind": "inline-image", "name": name, "cid": cid}


def chat_txt(name, text):
    return {"kind": "chat-txt", "name": name, "text": text}


def chat_zip(name, text, media=()):
    return {"kind": "chat-zip", "name": name, "text": text, "media": list(media)}


LRM = "\u200e"
TS = "screenshot-of-teacher-messages"
ABUSE = "abusive-personal-comments"
GRIEV = "grievances-about-people"
THREAT = "threatening-behaviour"
SWEAR = "anger-swearing-offensive-language"
BULLY = "bullying"
POL = "political-opinions"
COMM = "commercial-campaign-appeal-links"
DISR = "disrespectful-messages"
DEFAME = "aggressive-defamatory-libellous"
REPUTE = "bringing-school-into-disrepute"
CULT = "cultural-insensitivity"
CHILD = "challenging-policies-or-discussing-children"
INVITE = "inviting-non-parents"
PRIV = "private-conversations"
EMAILS = "abusive-emails"

SCENARIOS = [
    # ------------------------------------------------------------------ concerns, direct from the parent
    dict(id="appositive-poster-year3", kinds=["direct", "poster-appositive"],
         **{"from": ("Bethan Morgan", "bethan.morgan@gmail.example")}, date=D(2026, 11, 3, 20, 15, 42),
         subject="Comments about Mr Okonjo in the Year 3 group",
         body="Dear Mrs Jenkin,\n\nI'm sorry to bother you but a parent, Marcus Doyle, has written in the Year 3 WhatsApp group that "
              "\"Mr Okonjo is clueless and half the class can't read because of him\". Several people reacted with laughing faces.\n\n"
              "I don't think that is fair and I feel uncomfortable being in the group now.\n\nKind regards,\nBethan Morgan",
         expect=dict(group="Year 3", postedBy="Marcus Doyle", quote="Mr Okonjo is clueless", conduct=[ABUSE, GRIEV, DISR], staff=["Mr Okonjo", "Mrs Jenkin"])),
    dict(id="lowercase-nickname-yr5", kinds=["direct", "informal", "poster-lowercase"],
         **{"from": ("Kirsty", "kirsty.b1987@yahoo.example")}, date=D(2026, 11, 4, 22, 48, 3),
         subject="yr 5 chat",
         body="hi\n\njade in the yr 5 mums chat keeps putting stuff about miss osei being lazy and never marking anything and its getting "
              "really nasty now\n\nnot being funny but someone needs to say something\n\nkirsty (mum of Tyler)",
         expect=dict(group="Year 5", postedBy="Jade", quote=None, conduct=[ABUSE, GRIEV], children=["Tyler"], staff=[])),
    dict(id="possessive-poster-swearing-year6", kinds=["direct", "poster-possessive"],
         **{"from": ("Gareth Pryce", "gpryce@btinternet.example")}, date=D(2026, 11, 6, 7, 2, 11),
         subject="Language in the Year 6 parents group",
         body="Hello,\n\nLiam Carver's message in the Year 6 parents' WhatsApp last night was full of swearing, in front of a group with over "
              "forty parents in it. He wrote \u201cthis f***ing school can't organise a bake sale\u201d.\n\nCould someone have a word please?\n\nGareth",
         expect=dict(group="Year 6", postedBy="Liam Carver", quote="this f***ing school can't organise a bake sale", conduct=[SWEAR])),
    dict(id="message-from-political-year2", kinds=["direct", "poster-message-from"],
         **{"from": ("Dr Helen Achterberg", "helen.achterberg@outlook.example")}, date=D(2026, 11, 9, 12, 30, 0),
         subject="Politics in the class chat",
         body="Dear Headmistress,\n\nThere was a long message from Toby Fenwick in the Year 2 class chat telling everyone how to vote in the "
              "by-election and calling anyone who disagrees \"thick\". I thought the group was meant to be for school matters only.\n\n"
              "Best wishes,\nHelen Achterberg",
         expect=dict(group="Year 2", postedBy="Toby Fenwick", quote="thick", conduct=[POL])),
    dict(id="sent-by-commercial-reception", kinds=["direct", "poster-sent-by"],
         **{"from": ("Chloe Ashdown", "chloe.ashdown@icloud.example")}, date=D(2026, 11, 10, 19, 5, 0),
         subject="Adverts in Reception group",
         body="Hi there,\n\nJust flagging that the Reception parents WhatsApp is being used for adverts again. A discount code for a "
              "candle business was sent by Nadia Frost this afternoon, the third this month.\n\nThanks,\nChloe",
         expect=dict(group="Reception Robins", postedBy="Nadia Frost", quote=None, conduct=[COMM])),
    dict(id="one-of-the-dads-threat-year4", kinds=["direct", "poster-appositive"],
         **{"from": ("Sunita Rao", "sunita.rao@gmail.example")}, date=D(2026, 11, 12, 21, 40, 9),
         subject="Worried about a message in Year 4 WhatsApp",
         body="Dear Mrs Jenkin,\n\nOne of the dads, Phil Marsh, said in the Year 4 group that he would \"wait outside for Mr Branagh and sort "
              "him out\" after football club. I know people get heated but this frightened me.\n\nSunita Rao (mum of Anya, 4B)",
         expect=dict(group="Year 4", postedBy="Phil Marsh", quote="wait outside for Mr Branagh", conduct=[THREAT], children=["Anya"], staff=["Mr Branagh", "Mrs Jenkin"])),
    dict(id="parenthetical-poster-bullying-year1", kinds=["direct", "poster-parenthetical"],
         **{"from": ("Matthew Ellis", "matt.ellis@outlook.example")}, date=D(2026, 11, 13, 18, 22, 0),
         subject="Year 1 WhatsApp group",
         body="Hello,\n\nA parent (Joanne Keogh) posted in the Kingfishers group that nobody should play with my daughter Ruby because she "
              "\"bites\". Ruby is five. Other parents joined in.\n\nI'd like to know what the school can do.\n\nMatthew Ellis",
         expect=dict(group="Year 1 Kingfishers", postedBy="Joanne Keogh", quote="bites", conduct=[BULLY, CHILD], children=["Ruby"])),
    dict(id="first-name-only-nursery", kinds=["direct", "poster-first-name"],
         **{"from": ("Aoife Brennan", "aoife.brennan@gmail.example")}, date=D(2026, 11, 16, 9, 1, 30),
         subject="Nursery group - unkind comments",
         body="Morning,\n\nSomeone called Ryan posted in the nursery parents group that the nursery staff are \"glorified babysitters who "
              "can't be bothered\". I don't know his surname, he is Alfie's dad I think.\n\nAoife",
         expect=dict(group="Nursery Owls", postedBy="Ryan", quote="glorified babysitters", conduct=[GRIEV, ABUSE, DISR], children=["Alfie"])),
    dict(id="put-up-a-post-defamation-year5", kinds=["direct"],
         **{"from": ("Rhys Gwilliam", "rhys.g@btinternet.example")}, date=D(2026, 11, 17, 23, 10, 0),
         subject="Allegation about a teacher posted in Year 5 group",
         body="Dear Mrs Jenkin\n\nNat Greene put up a post in the year 5 WhatsApp group claiming that Mr Dimitrov was \"drunk at parents "
              "evening\". This is simply not true and it is spreading fast.\n\nRegards\nRhys Gwilliam",
         expect=dict(group="Year 5", postedBy="Nat Greene", quote="drunk at parents evening", conduct=[DEFAME], staff=["Mr Dimitrov", "Mrs Jenkin"])),
    dict(id="textspeak-y6", kinds=["direct", "informal"],
         **{"from": ("", "dazza_h@hotmail.example")}, date=D(2026, 11, 18, 0, 14, 55),
         subject="RE y6 grp",
         body="pls can sum1 look at the y6 grp tonite. craig m is sayin the new teacher is a joke n shud b sacked lol its not ok tbh\n\nsent frm my phone",
         expect=dict(group="Year 6", postedBy=None, quote=None, conduct=[ABUSE])),
    dict(id="html-only-gmail-cultural-year3", kinds=["direct", "html-only"],
         **{"from": ("Fatima Qureshi", "fatima.qureshi@gmail.example")}, date=D(2026, 11, 19, 20, 2, 0),
         subject="Comments in Year 3 group", format="html", cte="base64",
         body="",
         html="<div dir=\"ltr\"><div>Dear Mrs Jenkin,</div><div><br></div><div>I am writing about the Year 3 WhatsApp group. Yesterday "
              "Debbie Lawson wrote &quot;those people should go back to where they came from&quot; in a thread about the Diwali assembly."
              "</div><div><br></div><div>Several families were very upset.</div><div><br></div><div>Fatima Qureshi</div></div>",
         expect=dict(group="Year 3", postedBy="Debbie Lawson", quote="those people should go back to where they came from", conduct=[CULT])),
    dict(id="html-only-outlook-web-year2", kinds=["direct", "html-only", "windows-1252"],
         **{"from": ("Oliver Stanton", "o.stanton@outlook.example")}, date=D(2026, 11, 20, 17, 45, 0),
         subject="Year 2 parents\u2019 WhatsApp", format="html", charset="windows-1252", cte="quoted-printable",
         subject_encoding=("windows-1252", "Q"), body="",
         html="<html><body><div style=\"font-family: Calibri\"><p>Hello,</p><p>I\u2019m afraid Gemma Ridley\u2019s messages in the Year 2 "
              "group have become aggressive. She wrote \u201cI know where that woman lives\u201d about another mum after an argument about "
              "the school play.</p><p>I\u2019m worried it will escalate.</p><p>Oliver Stanton</p></div></body></html>",
         expect=dict(group="Year 2", postedBy="Gemma Ridley", quote="I know where that woman lives", conduct=[THREAT, DEFAME])),
    dict(id="latin1-mislabel-reception", kinds=["direct", "iso-8859-1"],
         **{"from": ("Zo\u00eb Harcourt", "zoe.harcourt@gmail.example")}, date=D(2026, 11, 23, 8, 12, 0),
         subject="Reception group", charset="iso-8859-1", encode_as="cp1252", cte="quoted-printable", from_encoding=("iso-8859-1", "Q"),
         body="Dear Mrs Jenkin,\n\nIn the Reception Robins WhatsApp, Ren\u00e9e Marchand shared a petition to get the new lunch menu "
              "changed and keeps asking everyone to sign it and \u2018share with friends\u2019.\n\nIt\u2019s a bit much.\n\nZo\u00eb",
         expect=dict(group="Reception Robins", postedBy="Ren\u00e9e Marchand", quote="share with friends", conduct=[COMM])),
    dict(id="utf8-base64-accents-year4", kinds=["direct", "utf-8-base64"],
         **{"from": ("Jos\u00e9 Fern\u00e1ndez", "jose.fernandez@gmail.example")}, date=D(2026, 11, 24, 21, 3, 0),
         subject="Mensajes ofensivos \u2013 Year 4 group", subject_encoding=("utf-8", "B"), cte="base64",
         body="Hello,\n\nMy English is not perfect, sorry. In the Year 4 WhatsApp group a mum, Ana\u00efs Dubois, has called my son "
              "Mateo \u201cstupid\u201d and \u201ca bad boy who should be excluded\u201d. I am very upset.\n\nJos\u00e9 Fern\u00e1ndez",
         expect=dict(group="Year 4", postedBy="Ana\u00efs Dubois", quote="stupid", conduct=[ABUSE, CHILD, BULLY], children=["Mateo"])),
    dict(id="utf16-year6", kinds=["direct", "utf-16"],
         **{"from": ("Priya Venkataraman", "priya.v@outlook.example")}, date=D(2026, 11, 25, 19, 0, 0),
         subject="Year 6 group rant", charset="utf-16", cte="base64",
         body="Dear Mrs Jenkin,\n\nLast night Wayne Boyce posted an angry rant in the Year 6 parents group, all in capitals, shouting at "
              "anyone who defended Miss Fairweather. It included the words \u201cGET HER SACKED\u201d.\n\nPriya",
         expect=dict(group="Year 6", postedBy="Wayne Boyce", quote="GET HER SACKED", conduct=[SWEAR, ABUSE], staff=["Miss Fairweather", "Mrs Jenkin"])),
    dict(id="no-charset-cp1252-year5", kinds=["direct", "no-charset"],
         **{"from": ("Janet Hollis", "jan.hollis@btinternet.example")}, date=D(2026, 11, 26, 10, 20, 0),
         subject="Year 5 group", charset=None, encode_as="cp1252", cte="8bit",
         body="Hello\n\nKaren Whitlock\u2019s comments in the Year 5 WhatsApp about the Head were really disrespectful, she called the "
              "school \u201ca disgrace\u201d and said we should all leave Google reviews.\n\nJanet",
         expect=dict(group="Year 5", postedBy="Karen Whitlock", quote="a disgrace", conduct=[REPUTE, ABUSE, DISR])),
    dict(id="parent-screenshot-attached-year3", kinds=["direct", "screenshot-attached", "parent-screenshot"],
         **{"from": ("Lauren Pike", "lauren.pike@gmail.example")}, date=D(2026, 11, 27, 21, 30, 0),
         subject="Screenshot from Year 3 group",
         attachments=[img("IMG_4471.PNG")],
         body="Hi Mrs Jenkin,\n\nI've attached a screenshot of what Sean Doherty posted in the Year 3 WhatsApp group tonight. He called "
              "Mrs Pell \"useless\" and said she \"has it in for our boys\".\n\nLauren",
         expect=dict(group="Year 3", postedBy="Sean Doherty", quote="useless", conduct=[ABUSE, GRIEV], notConduct=[TS], staff=["Mrs Pell", "Mrs Jenkin"])),
    dict(id="parent-screenshot-inline-year1", kinds=["direct", "screenshot-inline", "parent-screenshot", "html"],
         **{"from": ("Megan Price", "megan.price@icloud.example")}, date=D(2026, 11, 30, 20, 10, 0),
         subject="Year 1 group", format="alt", attachments=[inline_img("image0.jpeg", "img-0001@icloud")],
         body="Hi,\n\nScreenshot below. Ellie Crawford wrote that the Year 1 teachers are \"a joke\" and she's going to the local paper.\n\n"
              "Megan\n\nSent from my iPhone",
         html="<html><body><div>Hi,</div><div><br></div><div>Screenshot below. Ellie Crawford wrote that the Year 1 teachers are "
              "\"a joke\" and she's going to the local paper.</div><div><img src=\"cid:img-0001@icloud\"></div><div>Megan</div>"
              "<div><br></div><div>Sent from my iPhone</div></body></html>",
         expect=dict(group="Year 1 Kingfishers", postedBy="Ellie Crawford", quote="a joke", conduct=[REPUTE, ABUSE], notConduct=[TS])),
    dict(id="teacher-private-message-screenshot-year2", kinds=["direct", "teacher-screenshot"],
         **{"from": ("Harriet Doyle", "harriet.doyle@gmail.example")}, date=D(2026, 12, 1, 19, 44, 0),
         subject="Miss Osei's message shared in Year 2 group",
         body="Dear Mrs Jenkin,\n\nI think you should know that Tasha Reid posted a screenshot of a private message Miss Osei sent her "
              "about her son into the Year 2 WhatsApp group, with the caption \"look how they talk to us\".\n\nHarriet Doyle",
         expect=dict(group="Year 2", postedBy="Tasha Reid", quote="look how they talk to us", conduct=[TS], staff=["Miss Osei", "Mrs Jenkin"])),
    dict(id="excluded-child-bullying-year4", kinds=["direct"],
         **{"from": ("Imogen Clarke", "imogen.clarke@outlook.example")}, date=D(2026, 12, 2, 21, 5, 0),
         subject="Party invitations and the Year 4 group",
         body="Dear Mrs Jenkin,\n\nMy son Jacob has been singled out in the Year 4 WhatsApp group. Sasha Bloom wrote \"don't invite the "
              "Clarke boy, he ruins everything\" and lots of parents agreed.\n\nImogen Clarke",
         expect=dict(group="Year 4", postedBy="Sasha Bloom", quote="don't invite the Clarke boy", conduct=[BULLY], children=["Jacob"])),
    dict(id="non-parent-added-year6", kinds=["direct"],
         **{"from": ("Steven Holt", "steve.holt@gmail.example")}, date=D(2026, 12, 3, 18, 0, 0),
         subject="Journalist in Year 6 WhatsApp?",
         body="Hi,\n\nAmanda Pryor added a journalist friend to the Year 6 WhatsApp group yesterday. She is not a parent at the school and "
              "has been asking about the SATs results.\n\nSteven Holt",
         expect=dict(group="Year 6", postedBy="Amanda Pryor", quote=None, conduct=[INVITE])),
    dict(id="two-posters-private-row-year5", kinds=["direct", "two-posters"],
         **{"from": ("Caroline Webb", "caroline.webb@icloud.example")}, date=D(2026, 12, 4, 22, 15, 0),
         subject="Year 5 group row",
         body="Dear Mrs Jenkin,\n\nDean Walsh and Kerry Lister have been having a row in the Year 5 WhatsApp group for two days, calling "
              "each other liars. Nobody can get them to take it offline.\n\nCaroline",
         expect=dict(group="Year 5", postedBy="Dean Walsh and Kerry Lister", quote=None, conduct=[PRIV])),
    dict(id="email-to-all-parents-year3", kinds=["direct"],
         **{"from": ("Robert Nkemelu", "r.nkemelu@outlook.example")}, date=D(2026, 12, 7, 8, 40, 0),
         subject="Abusive email circulated to Year 3 parents",
         body="Dear Mrs Jenkin,\n\nGraham Tully sent an email to all parents in Year 3 (and posted it to the WhatsApp group) saying the "
              "class teacher is \"incompetent and a disgrace\". My wife and I found it upsetting.\n\nRobert Nkemelu",
         expect=dict(group="Year 3", postedBy="Graham Tully", quote="incompetent and a disgrace", conduct=[EMAILS, ABUSE])),
    dict(id="mum-of-poster-policy-year2", kinds=["direct", "poster-descriptive"],
         **{"from": ("Sinead Carroll", "sinead.carroll@gmail.example")}, date=D(2026, 12, 8, 20, 20, 0),
         subject="Phone policy argument in Year 2 WhatsApp",
         body="Hello,\n\nThe Year 2 group has turned into an argument about the phone policy. Leanne Moss (Mia's mum) wrote \"the school's "
              "policy is pathetic and we should all ignore it\" and people are piling on anyone who disagrees.\n\nSinead",
         expect=dict(group="Year 2", postedBy="Leanne Moss", quote="the school's policy is pathetic", conduct=[CHILD, ABUSE, BULLY], children=["Mia"])),
    dict(id="gofundme-nursery", kinds=["direct"],
         **{"from": ("Paul Edwards", "paul.edwards@yahoo.example")}, date=D(2026, 12, 9, 13, 0, 0),
         subject="Fundraising links in the Nursery Owls group",
         body="Hi,\n\nTracey Nolan keeps posting GoFundMe links for her sister's charity run in the Nursery Owls WhatsApp. Every day now.\n\nPaul",
         expect=dict(group="Nursery Owls", postedBy="Tracey Nolan", quote=None, conduct=[COMM])),
    dict(id="weekday-time-threat-year1", kinds=["direct"],
         **{"from": ("Amelia Shaw", "amelia.shaw@gmail.example")}, date=D(2026, 12, 10, 6, 55, 0),
         subject="Threatening message in Year 1 group",
         body="Dear Mrs Jenkin,\n\nAt about 11pm a dad called Lee Shaw (no relation!) wrote in the Year 1 WhatsApp that Mr Okonjo \"will "
              "regret it\" if his son isn't picked for the nativity. My husband and I are really worried.\n\nAmelia",
         expect=dict(group="Year 1 Kingfishers", postedBy="Lee Shaw", quote="will regret it", conduct=[THREAT], staff=["Mr Okonjo", "Mrs Jenkin"])),
    # ------------------------------------------------------------------ forwarded by staff, inline
    dict(id="teacher-outlook-forward-year4", kinds=["outlook-forward", "teacher-forward"], envelope="outlook", forwarder="okonjo",
         note="Hi Mrs Jenkin,\n\nForwarding this from a Year 4 parent - can we discuss?\n\nDavid",
         **{"from": ("Natalie Ford", "natalie.ford@gmail.example")}, date=D(2026, 11, 5, 21, 12),
         subject="Group chat",
         body="Dear Mr Okonjo,\n\nI wanted to let you know that Jason Pritchard wrote in the Year 4 parents chat that you \"pick on my "
              "lad every single day\". I don't agree and I thought you should know.\n\nNatalie Ford",
         expect=dict(group="Year 4", postedBy="Jason Pritchard", quote="pick on my lad every single day", conduct=[GRIEV], staff=["Mr Okonjo"])),
    dict(id="office-outlook-forward-year6", kinds=["outlook-forward"], envelope="outlook", forwarder="office",
         **{"from": ("Kwame Asante", "kwame.asante@outlook.example")}, date=D(2026, 11, 11, 19, 30),
         subject="Upsetting posts in Year 6 WhatsApp",
         body="Hello,\n\nStacey Molloy's posts in the Year 6 WhatsApp group are getting out of hand. Today she wrote that the school is "
              "\"covering up\" bullying and that she will \"tell everyone on Facebook\".\n\nKwame Asante",
         expect=dict(group="Year 6", postedBy="Stacey Molloy", quote="covering up", conduct=[DEFAME, REPUTE])),
    dict(id="outlook-new-forward-reception", kinds=["outlook-forward", "teacher-forward"], envelope="outlook-new", forwarder="fairweather",
         note="Mrs Jenkin - see below, not sure what to do with this. Lily",
         **{"from": ("Grace Adeyemi", "grace.adeyemi@gmail.example")}, date=D(2026, 11, 14, 22, 5),
         subject="Reception WhatsApp",
         body="Dear Miss Fairweather\n\nJust so you know, Holly Baxter said in the Reception class WhatsApp that you \"clearly don't like "
              "boys\" and that parents should complain. I think it's unfair.\n\nGrace",
         expect=dict(group="Reception Robins", postedBy="Holly Baxter", quote="clearly don't like boys", conduct=[GRIEV, ABUSE], staff=["Miss Fairweather"])),
    dict(id="gmail-forward-year2", kinds=["gmail-forward"], envelope="gmail", forwarder="turnbull",
         note="Forwarding for the concerns log.",
         **{"from": ("Louise Carter", "louise.carter@gmail.example")}, date=D(2026, 11, 18, 20, 44),
         subject="Year 2 WhatsApp - rude messages",
         body="Hi Mrs Turnbull,\n\nThe messages from Bradley Innes in the Year 2 group last night were really rude. He replied to my "
              "question about the trip with \"maybe read the letter for once, genius\".\n\nLouise",
         expect=dict(group="Year 2", postedBy="Bradley Innes", quote="maybe read the letter for once", conduct=[DISR])),
    dict(id="apple-forward-year5", kinds=["apple-forward"], envelope="apple", forwarder="deputy",
         note="See below.",
         **{"from": ("Hugo Lambert", "hugo.lambert@icloud.example")}, date=D(2026, 11, 21, 9, 14, 40),
         subject="Year 5 group",
         body="Dear Sir/Madam,\n\nIn the Year 5 WhatsApp, Claire Dunne has been saying the new maths scheme is a \"government plot\" and "
              "posting links about the election.\n\nHugo Lambert",
         expect=dict(group="Year 5", postedBy="Claire Dunne", quote="government plot", conduct=[POL])),
    dict(id="iphone-forward-teacher-year3", kinds=["phone-forward", "teacher-forward"], envelope="iphone", forwarder="turnbull",
         note="FYI - from a Year 3 mum",
         **{"from": ("Daisy Holloway", "daisy.holloway@gmail.example")}, date=D(2026, 11, 22, 21, 58, 17),
         subject="WhatsApp",
         body="Hi Mrs Turnbull\n\nsorry to message so late. Owen Price has been posting about you in the year 3 group again, he said "
              "\"she's hopeless and should be sacked\". i didnt want you to hear it from someone else x\n\nDaisy",
         expect=dict(group="Year 3", postedBy="Owen Price", quote="she's hopeless and should be sacked", conduct=[ABUSE])),
    dict(id="samsung-forward-year1", kinds=["phone-forward"], envelope="samsung", forwarder="office",
         note="Forwarded from my phone",
         **{"from": ("Tomasz Nowak", "tomasz.nowak@gmail.example")}, date=D(2026, 11, 25, 17, 33),
         subject="Year 1 group message",
         body="Hello,\n\nIn the Year 1 WhatsApp group Kasia Wrobel wrote that Polish families \"should learn English before they send "
              "their kids here\". My daughter Lena saw it on my phone.\n\nTomasz Nowak",
         expect=dict(group="Year 1 Kingfishers", postedBy="Kasia Wrobel", quote="should learn English", conduct=[CULT], children=["Lena"])),
    dict(id="outlook-html-forward-year4", kinds=["outlook-forward", "html-only"], envelope="outlook-html", forwarder="office",
         note="Forwarding - second complaint this week.",
         **{"from": ("Rebecca Lund", "rebecca.lund@outlook.example")}, date=D(2026, 11, 26, 20, 0),
         subject="Year 4 parents' WhatsApp",
         body="Dear Mrs Jenkin,\n\nI'm writing about the Year 4 parents' WhatsApp. Kieran Moss posted that Mr Branagh is \"a lazy idiot\" "
              "and that parents should \"go to the papers\".\n\nRebecca Lund",
         expect=dict(group="Year 4", postedBy="Kieran Moss", quote="a lazy idiot", conduct=[ABUSE, REPUTE], staff=["Mr Branagh", "Mrs Jenkin"])),
    dict(id="outlook-html-forward-reception-1252", kinds=["outlook-forward", "html-only", "windows-1252"], envelope="outlook-html",
         forwarder="deputy", charset="windows-1252", cte="quoted-printable",
         **{"from": ("Niamh O\u2019Sullivan", "niamh.osullivan@gmail.example")}, date=D(2026, 12, 2, 8, 30),
         subject="Reception group \u2013 comments about a child",
         body="Hi,\n\nIn the Reception Robins group Becky Hartley wrote \u201cthat boy Max is feral, keep your kids away from him\u201d. "
              "Max is my son.\n\nNiamh O\u2019Sullivan",
         expect=dict(group="Reception Robins", postedBy="Becky Hartley", quote="that boy Max is feral", conduct=[CHILD, BULLY, ABUSE], children=["Max"])),
    # ------------------------------------------------------------------ attached emails (nested)
    dict(id="attached-forward-year6", kinds=["attached-forward"], envelope="attached", chain=["office"],
         **{"from": ("Charlotte Barnes", "charlotte.barnes@gmail.example")}, date=D(2026, 11, 8, 20, 50),
         subject="Year 6 WhatsApp messages",
         body="Dear Mrs Jenkin,\n\nI am concerned about Darren Hicks' messages in the Year 6 group. He wrote \"if Mr Dimitrov keeps my boy "
              "in at break again he'll regret it\".\n\nCharlotte Barnes",
         expect=dict(group="Year 6", postedBy="Darren Hicks", quote="he'll regret it", conduct=[THREAT], staff=["Mr Dimitrov", "Mrs Jenkin"])),
    dict(id="attached-twice-year3", kinds=["attached-forward", "nested-attachments"], envelope="attached2", chain=["turnbull", "deputy"],
         **{"from": ("Ahmed Siddiqui", "ahmed.siddiqui@outlook.example")}, date=D(2026, 11, 15, 18, 18),
         subject="Complaint about Year 3 WhatsApp", attachments=[img("whatsapp_2026-11-15.jpg")],
         body="Dear Mrs Turnbull,\n\nPlease find attached a screenshot. Vicky Hale wrote in the Year 3 group that Muslim families \"always "
              "want special treatment\". I found this offensive.\n\nAhmed Siddiqui",
         expect=dict(group="Year 3", postedBy="Vicky Hale", quote="always want special treatment", conduct=[CULT], notConduct=[TS])),
    dict(id="attached-html-year2", kinds=["attached-forward", "html-only"], envelope="attached", chain=["okonjo"], format="html",
         **{"from": ("Sophie Grant", "sophie.grant@icloud.example")}, date=D(2026, 11, 29, 19, 2),
         subject="Year 2 group", body="",
         html="<html><body><p>Hello Mr Okonjo,</p><p>Mark Ainsley posted in the Year 2 WhatsApp that the teachers are &ldquo;lazy and "
              "clueless&rdquo;.</p><p>I think it's really unfair on you all.</p><p>Sophie</p></body></html>",
         expect=dict(group="Year 2", postedBy="Mark Ainsley", quote="lazy and clueless", conduct=[ABUSE], staff=["Mr Okonjo"])),
    # ------------------------------------------------------------------ pasted WhatsApp transcripts
    dict(id="ios-transcript-pasted-year5", kinds=["whatsapp-pasted", "whatsapp-ios"],
         **{"from": ("Abigail Thorne", "abi.thorne@gmail.example")}, date=D(2026, 11, 19, 22, 30),
         subject="Year 5 WhatsApp - see below",
         body="Dear Mrs Jenkin,\n\nI've copied the messages from the Year 5 group below. I'm really upset about this.\n\n"
              "[19/11/2026, 21:02:11] Kate Morley: Does anyone know if it's non-uniform on Friday?\n"
              "[19/11/2026, 21:04:33] Gina Tate: Who cares, the teachers in this school are absolutely useless\n"
              "[19/11/2026, 21:05:02] Gina Tate: Mrs Pell should be sacked\n"
              "[19/11/2026, 21:07:45] Abigail Thorne: That's not fair Gina\n\nAbigail Thorne",
         expect=dict(group="Year 5", postedBy="Gina Tate", quote="absolutely useless", conduct=[ABUSE], staff=["Mrs Pell", "Mrs Jenkin"], timeline=4)),
    dict(id="android-transcript-pasted-year2", kinds=["whatsapp-pasted", "whatsapp-android"],
         **{"from": ("Marcin Zielinski", "marcin.z@outlook.example")}, date=D(2026, 11, 24, 7, 45),
         subject="Messages in Year 2 group",
         body="Hello,\n\nThis is from last night's Year 2 chat:\n\n"
              "23/11/2026, 20:14 - Paula Brett: Just so everyone knows, that Zielinski kid hit my son again\n"
              "23/11/2026, 20:15 - Paula Brett: Keep your kids away from him\n"
              "23/11/2026, 20:21 - Sam Otway: Paula this isn't the place\n\n"
              "My son is seven. Please help.\n\nMarcin",
         expect=dict(group="Year 2", postedBy="Paula Brett", quote="that Zielinski kid hit my son again", conduct=[CHILD, BULLY, THREAT], timeline=3)),
    dict(id="ios-transcript-lrm-year1", kinds=["whatsapp-pasted", "whatsapp-ios"],
         **{"from": ("Eleanor Vance", "eleanor.vance@icloud.example")}, date=D(2026, 11, 27, 20, 5),
         subject="Kingfishers WhatsApp",
         body="Hi,\n\nPasting what was said in the Kingfishers group:\n\n"
              f"{LRM}[27/11/2026, 19:40:02] Tilly Osborne: {LRM}image omitted\n"
              "[27/11/2026, 19:40:30] Tilly Osborne: Vote for the Green candidate on Thursday everyone!! Our kids' future depends on it\n"
              "[27/11/2026, 19:52:13] Ben Carr: Can we keep politics out of the class chat please\n\n"
              "Thank you,\nEleanor",
         expect=dict(group="Year 1 Kingfishers", postedBy="Tilly Osborne", quote="Vote for the Green candidate", conduct=[POL], timeline=3)),
    dict(id="android-transcript-reporter-in-it-year6", kinds=["whatsapp-pasted", "whatsapp-android"],
         **{"from": ("Joe Hampton", "joe.hampton@gmail.example")}, date=D(2026, 12, 1, 21, 40),
         subject="Y6 chat tonight",
         body="Evening,\n\n01/12/2026, 20:55 - Joe Hampton: Reminder the Y6 disco money is due Friday\n"
              "01/12/2026, 20:58 - Rick Sutton: Shove your disco, this school is a f***ing joke\n"
              "01/12/2026, 21:00 - Joe Hampton: Mate there are 40 parents in here\n\nNot great. Joe",
         expect=dict(group="Year 6", postedBy="Rick Sutton", quote="this school is a f***ing joke", conduct=[SWEAR, ABUSE], timeline=3)),
    dict(id="ios-transcript-forwarded-by-teacher-year4", kinds=["whatsapp-pasted", "whatsapp-ios", "outlook-forward", "teacher-forward"],
         envelope="outlook", forwarder="okonjo", note="Mrs Jenkin - this came in tonight. David",
         **{"from": ("Hannah Brooke", "hannah.brooke@gmail.example")}, date=D(2026, 12, 3, 21, 10),
         subject="Year 4 chat",
         body="Dear Mr Okonjo,\n\n[03/12/2026, 20:31:07] Lisa Fenton: Mr Okonjo has it in for my daughter, everyone knows it\n"
              "[03/12/2026, 20:33:40] Lisa Fenton: I'm going to have a word with him at pick up and he won't like it\n\n"
              "I thought you should see this.\n\nHannah",
         expect=dict(group="Year 4", postedBy="Lisa Fenton", quote="has it in for my daughter", conduct=[GRIEV, THREAT], staff=["Mr Okonjo"], timeline=2)),
    # ------------------------------------------------------------------ attached WhatsApp exports
    dict(id="chat-txt-attached-year3", kinds=["whatsapp-export", "chat-txt"],
         **{"from": ("Rosie Turner", "rosie.turner@gmail.example")}, date=D(2026, 11, 20, 8, 5),
         subject="Year 3 WhatsApp export",
         attachments=[chat_txt("_chat.txt",
                               "[19/11/2026, 18:01:10] Year 3 Parents: Messages and calls are end-to-end encrypted.\n"
                               "[19/11/2026, 18:02:44] Mel Hardy: Anyone got spare tickets for the carol concert?\n"
                               "[19/11/2026, 21:15:09] Terry Vaughan: The Head is a disgrace and so is her pathetic excuse for a school\n"
                               "[19/11/2026, 21:16:30] Mel Hardy: Terry come on\n")],
         body="Dear Mrs Jenkin,\n\nI have attached the chat export from the Year 3 WhatsApp group, I was upset by one of the messages "
              "last night.\n\nRosie Turner",
         expect=dict(group="Year 3", postedBy="Terry Vaughan", quote="The Head is a disgrace", conduct=[ABUSE], timeline=3)),
    dict(id="chat-zip-attached-year5", kinds=["whatsapp-export", "chat-zip"],
         **{"from": ("Ian Moffat", "ian.moffat@outlook.example")}, date=D(2026, 11, 28, 10, 0),
         subject="Year 5 group export",
         attachments=[chat_zip("WhatsApp Chat - Year 5 Parents.zip",
                               "27/11/2026, 19:03 - Jo Kerr: Bake sale tomorrow!\n"
                               "27/11/2026, 19:30 - Darren Pike: Anyone who votes Reform shouldn't be allowed near our kids\n"
                               "27/11/2026, 19:31 - Darren Pike: Politics matters more than cupcakes\n",
                               media=["IMG-20261127-WA0003.jpg"])],
         body="Hello,\n\nAttached is the export of the Year 5 WhatsApp group from last night.\n\nIan",
         expect=dict(group="Year 5", postedBy="Darren Pike", quote="votes Reform", conduct=[POL], timeline=3)),
    dict(id="android-chat-txt-named-file-reception", kinds=["whatsapp-export", "chat-txt", "whatsapp-android"],
         **{"from": ("Beth Cowley", "beth.cowley@icloud.example")}, date=D(2026, 12, 5, 9, 30),
         subject="Reception group",
         attachments=[chat_txt("WhatsApp Chat with Reception Robins Parents.txt",
                               "04/12/2026, 20:01 - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.\n"
                               "04/12/2026, 20:10 - Aimee Rolfe: does anyone know which day the nativity is?\n"
                               "04/12/2026, 20:40 - Dom Sparrow: Mrs Lindqvist is clueless, my lad's reading has gone backwards\n"
                               "04/12/2026, 20:41 - Dom Sparrow: <Media omitted>\n")],
         body="Hi,\n\nExport attached from the Reception WhatsApp. Please can someone look at the messages about Mrs Lindqvist.\n\nBeth",
         expect=dict(group="Reception Robins", postedBy="Dom Sparrow", quote="Mrs Lindqvist is clueless", conduct=[ABUSE], staff=["Mrs Lindqvist"], timeline=3)),
    dict(id="chat-zip-forwarded-year6", kinds=["whatsapp-export", "chat-zip", "attached-forward"], envelope="attached", chain=["office"],
         **{"from": ("Yusuf Demir", "yusuf.demir@gmail.example")}, date=D(2026, 12, 6, 11, 11),
         subject="WhatsApp",
         attachments=[chat_zip("WhatsApp Chat - Y6 Mums and Dads.zip",
                               "[05/12/2026, 22:01:05] Sharon Ives: That new family are on benefits, ask yourself why their kid has a new iPad\n"
                               "[05/12/2026, 22:03:17] Sharon Ives: People like them shouldn't be at a school like this\n")],
         body="Dear Headmistress,\n\nI have attached the WhatsApp export from the Y6 group. I'm shocked.\n\nYusuf Demir",
         expect=dict(group="Year 6", postedBy="Sharon Ives", quote="People like them", conduct=[CULT, ABUSE], timeline=2)),
    # ------------------------------------------------------------------ reply chains
    dict(id="reply-chain-gmail-year2", kinds=["reply-chain"],
         **{"from": ("Nicola Hurst", "nicola.hurst@gmail.example")}, date=D(2026, 12, 8, 19, 30),
         subject="Re: Year 2 WhatsApp", to="Mrs Pell <c.pell@stjohnspriory.example>",
         body="Thanks for getting back to me. It happened again tonight: Kev Ashby wrote in the Year 2 group that you are \"a waste of "
              "space\". I'd like it logged please.\n\nNicola\n\n"
              "On Mon, 7 Dec 2026 at 08:30, Mrs Pell <c.pell@stjohnspriory.example> wrote:\n"
              "> Dear Mrs Hurst,\n>\n> Thank you for letting me know. Please do tell us if anything else is posted.\n>\n> Mrs Pell\n",
         expect=dict(group="Year 2", postedBy="Kev Ashby", quote="a waste of space", conduct=[ABUSE], staff=["Mrs Pell"])),
    dict(id="reply-chain-outlook-year4", kinds=["reply-chain", "outlook"],
         **{"from": ("Simon Bright", "simon.bright@outlook.example")}, date=D(2026, 12, 9, 20, 10),
         subject="RE: Year 4 group", to="Deputy Head <deputy@stjohnspriory.example>",
         body="Hi,\n\nSorry, I should have said: it was Alison Trent who posted it in the Year 4 WhatsApp group.\n\nSimon\n\n"
              "________________________________\nFrom: Deputy Head <deputy@stjohnspriory.example>\nSent: 09 December 2026 12:01\n"
              "To: Simon Bright <simon.bright@outlook.example>\nSubject: RE: Year 4 group\n\nDear Mr Bright, thank you. Who posted it?\n\n"
              "________________________________\nFrom: Simon Bright <simon.bright@outlook.example>\nSent: 08 December 2026 21:15\n"
              "To: Office <office@stjohnspriory.example>\nSubject: Year 4 group\n\n"
              "Hello, someone in the Year 4 WhatsApp group has been spreading lies about Mr Branagh, saying \"he was sacked from his "
              "last school\". It's nasty.\n",
         expect=dict(group="Year 4", postedBy="Alison Trent", quote="he was sacked from his last school", conduct=[DEFAME], staff=["Mr Branagh"])),
    # ------------------------------------------------------------------ more posters named many ways
    dict(id="posted-by-name-with-initial-year3", kinds=["direct", "poster-initial"],
         **{"from": ("Aisha Bello", "aisha.bello@gmail.example")}, date=D(2026, 12, 10, 21, 20),
         subject="Year 3 parents WhatsApp",
         body="Hi Mrs Jenkin,\n\nThe comment about Mrs Pell in the Year 3 parents WhatsApp was posted by Becky Holt. It said "
              "\"Pell is a bully and everyone knows it\". I don't think that is acceptable.\n\nAisha",
         expect=dict(group="Year 3", postedBy="Becky Holt", quote="Pell is a bully", conduct=[BULLY, ABUSE], staff=["Mrs Pell", "Mrs Jenkin"])),
    dict(id="dad-of-child-poster-year5", kinds=["direct", "poster-descriptive"],
         **{"from": ("Laura Finch", "laura.finch@icloud.example")}, date=D(2026, 12, 11, 18, 45),
         subject="Year 5 WhatsApp group",
         body="Dear Mrs Jenkin,\n\nGeorge's dad, Andy Kemp, posted in the Year 5 group that our daughter Evie is \"a liar like her mother\". "
              "Evie is ten and she saw it.\n\nLaura Finch",
         expect=dict(group="Year 5", postedBy="Andy Kemp", quote="a liar like her mother", conduct=[CHILD, ABUSE, BULLY, DEFAME], children=["George", "Evie"])),
    dict(id="hyphenated-poster-year6", kinds=["direct"],
         **{"from": ("Tariq Hussain", "tariq.hussain@gmail.example")}, date=D(2026, 12, 14, 20, 0),
         subject="Year 6 WhatsApp",
         body="Hello,\n\nKerry-Ann Boyd-Jones replied to the SATs thread in the Year 6 WhatsApp saying Mr Dimitrov \"couldn't teach a dog "
              "to sit\". It's nasty and public.\n\nTariq",
         expect=dict(group="Year 6", postedBy="Kerry-Ann Boyd-Jones", quote="couldn't teach a dog to sit", conduct=[ABUSE, DISR], staff=["Mr Dimitrov"])),
    dict(id="irish-name-poster-year2", kinds=["direct"],
         **{"from": ("Maeve Gallagher", "maeve.gallagher@gmail.example")}, date=D(2026, 12, 15, 21, 30),
         subject="Yr 2 group",
         body="Dear Mrs Jenkin\n\nCiaran O'Donnell has been messaging the yr 2 group saying the school \"lies to parents\" about the "
              "behaviour policy. He posted it three times tonight.\n\nMaeve",
         expect=dict(group="Year 2", postedBy="Ciaran O'Donnell", quote="lies to parents", conduct=[DEFAME, CHILD])),
    dict(id="poster-subject-only-year1", kinds=["direct", "poster-subject"],
         **{"from": ("Hollie Marsh", "hollie.marsh@yahoo.example")}, date=D(2026, 12, 16, 8, 0),
         subject="Comment by Gavin Reece in Year 1 WhatsApp",
         body="Hi,\n\nHe called Mr Okonjo \"pathetic\" in front of everyone in the group last night. Please could you look into it.\n\nHollie",
         expect=dict(group="Year 1 Kingfishers", postedBy="Gavin Reece", quote="pathetic", conduct=[ABUSE], staff=["Mr Okonjo"])),
    dict(id="no-poster-named-year4", kinds=["direct", "poster-unknown"],
         **{"from": ("Ruth Kaplan", "ruth.kaplan@gmail.example")}, date=D(2026, 12, 17, 19, 0),
         subject="Year 4 group is getting nasty",
         body="Dear Mrs Jenkin,\n\nI won't say who, but someone in the Year 4 WhatsApp has started a rumour that a teacher is leaving because "
              "of a complaint. It is upsetting the children.\n\nRuth",
         expect=dict(group="Year 4", postedBy=None, quote=None, conduct=[DEFAME])),
    dict(id="gran-poster-year3", kinds=["direct", "poster-descriptive"],
         **{"from": ("Pat Shearer", "pat.shearer@btinternet.example")}, date=D(2026, 12, 18, 11, 30),
         subject="the year 3 whatsapp",
         body="hello\n\ni am Lily-Mae's grandma and i am in the year 3 whatsapp for pick ups. yesterday a lady called Donna Pike wrote that "
              "the school is full of \"snowflake teachers\" and she is \"sick of the lot of them\"\n\nthat is not nice\n\npat",
         expect=dict(group="Year 3", postedBy="Donna Pike", quote="snowflake teachers", conduct=[ABUSE, DISR, GRIEV], children=["Lily-Mae"])),
    # ------------------------------------------------------------------ non-concerns
    dict(id="nativity-date-question", kinds=["non-concern", "question"], expect=dict(concern=False, group="Year 2"),
         **{"from": ("Fiona Lake", "fiona.lake@gmail.example")}, date=D(2026, 11, 2, 19, 10),
         subject="Nativity date?",
         body="Hi,\n\nA few of us in the Year 2 WhatsApp group have been going back and forth about the nativity. Is it on Tuesday 8th or "
              "Wednesday 9th December? And can grandparents come?\n\nThanks so much,\nFiona"),
    dict(id="thank-you-note", kinds=["non-concern", "thanks"], expect=dict(concern=False, group="Year 4", staff=["Mr Branagh"]),
         **{"from": ("Ewan Reid", "ewan.reid@outlook.example")}, date=D(2026, 11, 7, 16, 0),
         subject="Thank you!",
         body="Dear Mr Branagh,\n\nJust a quick note to say thank you for the Year 4 trip to the museum. Our son hasn't stopped talking "
              "about it and all the parents in the class WhatsApp group were full of praise.\n\nBest wishes,\nEwan Reid"),
    dict(id="out-of-office", kinds=["non-concern", "auto-reply"], expect=dict(concern=False, group="Year 5"),
         **{"from": ("Karen Oduya", "karen.oduya@company.example")}, date=D(2026, 11, 9, 8, 0),
         subject="Automatic reply: Year 5 newsletter",
         body="Thank you for your email. I am out of the office until Monday 16 November with limited access to email. For urgent matters "
              "please contact reception@company.example.\n\nKaren Oduya"),
    dict(id="pta-newsletter", kinds=["non-concern", "newsletter", "html-only"], format="html", expect=dict(concern=False),
         **{"from": ("St John's Priory PTA", "pta@stjohnspriorypta.example")}, date=D(2026, 11, 12, 7, 0),
         subject="PTA News: Christmas Fair, raffle and sign up for stalls", body="",
         html="<html><body><h1>PTA News</h1><p>Our Christmas Fair is on Saturday 5 December! Please <a href=\"https://pta.example/signup\">"
              "sign up</a> to run a stall. Raffle tickets are for sale in the office and all money raised goes to the fundraiser for the new "
              "library.</p><p>Please share this with your class WhatsApp groups.</p><p><a href=\"https://pta.example/unsubscribe\">Unsubscribe</a>"
              "</p></body></html>"),
    dict(id="lost-coat", kinds=["non-concern", "question", "informal"], expect=dict(concern=False, group="Year 3", children=["Noah"]),
         **{"from": ("Sam", "sam.w88@gmail.example")}, date=D(2026, 11, 16, 15, 40),
         subject="lost coat",
         body="hi has anyone handed in a navy coat, my son Noah is in yr 3 and its got his name in it. asked on the class whatsapp but no luck\n\nta sam"),
    dict(id="dinner-money", kinds=["non-concern", "question"], expect=dict(concern=False),
         **{"from": ("Olu Bankole", "olu.bankole@gmail.example")}, date=D(2026, 11, 18, 9, 0),
         subject="Dinner money",
         body="Good morning,\n\nCould you tell me how to top up dinner money online? The link in the letter didn't work for me.\n\nMany thanks,\nOlu"),
    dict(id="club-sign-up", kinds=["non-concern", "question"], expect=dict(concern=False, group="Year 6"),
         **{"from": ("Jenny Marlow", "jenny.marlow@icloud.example")}, date=D(2026, 11, 20, 12, 0),
         subject="Football club sign up",
         body="Hello,\n\nHow do we sign up for the Year 6 football club next term? Someone in the WhatsApp group said there is a form.\n\nJenny"),
    dict(id="moderator-volunteer", kinds=["non-concern"], expect=dict(concern=False, group="Reception Robins"),
         **{"from": ("Priti Desai", "priti.desai@gmail.example")}, date=D(2026, 11, 23, 20, 0),
         subject="Moderator for Reception WhatsApp",
         body="Dear Mrs Jenkin,\n\nI'd be happy to be the parent moderator for the Reception Robins WhatsApp group if you still need "
              "someone. I've read the policy.\n\nKind regards,\nPriti Desai"),
    dict(id="absence-note", kinds=["non-concern"], expect=dict(concern=False, children=["Freya"]),
         **{"from": ("Mark Lindley", "mark.lindley@outlook.example")}, date=D(2026, 11, 24, 7, 30),
         subject="Absence today",
         body="Hello,\n\nMy daughter Freya has a temperature and won't be in today. She should be back tomorrow.\n\nThanks,\nMark Lindley"),
    dict(id="happy-whatsapp-praise", kinds=["non-concern", "thanks"], expect=dict(concern=False, group="Year 1 Kingfishers"),
         **{"from": ("Holly Dunn", "holly.dunn@gmail.example")}, date=D(2026, 11, 26, 21, 0),
         subject="Lovely feedback",
         body="Hi Mrs Jenkin,\n\nJust wanted to share that the Kingfishers WhatsApp group has been so positive about the new reading "
              "scheme. Lots of parents posted lovely messages about it tonight. Thank you!\n\nHolly"),
    dict(id="forwarded-question-by-office", kinds=["non-concern", "outlook-forward"], envelope="outlook", forwarder="office",
         expect=dict(concern=False, group="Year 5"),
         **{"from": ("Danny Moore", "danny.moore@gmail.example")}, date=D(2026, 11, 30, 10, 0),
         subject="Year 5 trip",
         body="Hello,\n\nWhat time does the Year 5 coach get back from the trip on Friday? A few of us are asking in the group.\n\nDanny"),
    dict(id="phone-policy-question", kinds=["non-concern", "question"], expect=dict(concern=False, group="Year 6"),
         **{"from": ("Gill Archer", "gill.archer@btinternet.example")}, date=D(2026, 12, 1, 18, 0),
         subject="Question about the phone policy",
         body="Dear Sir or Madam,\n\nCould you send me a copy of the school policy on phones? My son starts Year 6 next year.\n\nGill Archer"),
    dict(id="whatsapp-set-up-question", kinds=["non-concern", "question"], expect=dict(concern=False, group="Nursery Owls"),
         **{"from": ("Leah Brown", "leah.brown@gmail.example")}, date=D(2026, 12, 2, 13, 0),
         subject="Is there a Nursery WhatsApp group?",
         body="Hi,\n\nWe've just joined the Nursery Owls. Is there a parents' WhatsApp group and who should I ask to be added?\n\nThanks,\nLeah"),
    dict(id="harvest-donation", kinds=["non-concern"], expect=dict(concern=False),
         **{"from": ("Colin Ward", "colin.ward@outlook.example")}, date=D(2026, 12, 3, 8, 20),
         subject="Harvest donations",
         body="Hello,\n\nWhere should we drop off the food bank donations? Is the front office OK before 9?\n\nColin"),
    dict(id="gmail-forwarded-thanks", kinds=["non-concern", "gmail-forward", "thanks"], envelope="gmail", forwarder="turnbull",
         note="Lovely one for the staffroom board!", expect=dict(concern=False, staff=["Mrs Turnbull"], children=["Isla"]),
         **{"from": ("Shona McLeod", "shona.mcleod@gmail.example")}, date=D(2026, 12, 4, 19, 45),
         subject="Thank you Mrs Turnbull",
         body="Dear Mrs Turnbull,\n\nThank you for all the help with Isla's reading this term. We really noticed the difference.\n\nShona"),
    dict(id="auto-reply-delivery", kinds=["non-concern", "auto-reply"], expect=dict(concern=False),
         **{"from": ("Mail Delivery System", "mailer-daemon@mail.example")}, date=D(2026, 12, 5, 3, 0),
         subject="Undelivered Mail Returned to Sender",
         body="This is the mail system at host mail.example.\n\nI'm sorry to have to inform you that your message could not be delivered "
              "to one or more recipients.\n\n<parent.unknown@mail.example>: host mail.example said: 550 5.1.1 User unknown"),
    dict(id="html-newsletter-from-council", kinds=["non-concern", "newsletter", "html-only"], format="html", expect=dict(concern=False),
         **{"from": ("Oxfordshire Family Information", "news@council.example")}, date=D(2026, 12, 7, 6, 0),
         subject="Winter holiday activities for families", body="",
         html="<html><body><table><tr><td><h2>Winter activities</h2><p>Free holiday clubs with healthy meals for children in Year 1 "
              "to Year 6. Places are limited: book now.</p><p>Share with your friends and local parents' groups.</p></td></tr></table>"
              "</body></html>"),
    dict(id="trip-consent-reply", kinds=["non-concern", "reply-chain"], expect=dict(concern=False, group="Year 4", staff=["Mr Branagh"], children=["Tobi"]),
         **{"from": ("Rachel Oyelaran", "rachel.oyelaran@gmail.example")}, date=D(2026, 12, 9, 18, 10),
         subject="Re: Year 4 trip consent",
         body="Yes that's fine, consent given for Tobi.\n\nRachel\n\nOn Tue, 8 Dec 2026 at 15:00, Mr Branagh <j.branagh@stjohnspriory.example> wrote:\n"
              "> Dear Year 4 parents, please reply to confirm consent for Friday's trip.\n"),

    # ------------------------------------------------------------------ more envelopes, encodings and informal writing
    dict(id="apple-html-forward-year6", kinds=["apple-forward", "html-only", "utf-8-base64"], envelope="attached", chain=["deputy"], format="html", cte="base64",
         **{"from": ("Victoria Lowe", "victoria.lowe@icloud.example")}, date=D(2026, 12, 10, 22, 22, 22),
         subject="Year 6 WhatsApp - please read", body="",
         html="<html><head><meta charset=\"utf-8\"></head><body style=\"word-wrap: break-word;\"><div>Dear Mrs Jenkin,</div><div><br></div>"
              "<div>Craig Bellamy&#8217;s latest message in the Year 6 WhatsApp said Mr Dimitrov is &#8220;a creep who shouldn&#8217;t be near "
              "kids&#8221;. That is a horrible thing to say about anyone.</div><div><br></div><div>Victoria</div></body></html>",
         expect=dict(group="Year 6", postedBy="Craig Bellamy", quote="a creep who shouldn", conduct=[DEFAME, ABUSE], staff=["Mr Dimitrov", "Mrs Jenkin"])),
    dict(id="iso-8859-15-commercial-year2", kinds=["direct", "iso-8859-15"], charset="iso-8859-15", cte="8bit",
         **{"from": ("Gordon Blake", "gordon.blake@btinternet.example")}, date=D(2026, 12, 11, 9, 9),
         subject="Selling in the Year 2 group",
         body="Hello,\n\nMandy Ross keeps selling her jewellery in the Year 2 WhatsApp group, \u20ac20 a bracelet with a promo code. "
              "It's every evening.\n\nGordon",
         expect=dict(group="Year 2", postedBy="Mandy Ross", quote=None, conduct=[COMM])),
    dict(id="no-caps-no-punctuation-reception", kinds=["direct", "informal"],
         **{"from": ("shaz", "shaz.k@hotmail.example")}, date=D(2026, 12, 12, 23, 50),
         subject="reception",
         body="someone needs to stop tina in the reception whatsapp she keeps mocking the mums who dont speak english its horrible "
              "and rude im done with it",
         expect=dict(group="Reception Robins", postedBy="Tina", quote=None, conduct=[DISR, CULT])),
    dict(id="nickname-poster-year4", kinds=["direct", "informal", "nickname"],
         **{"from": ("Jess Parry", "jess.parry@gmail.example")}, date=D(2026, 12, 13, 21, 0),
         subject="Yr4 whatsapp!!",
         body="Hiya,\n\nBig Dave (Dave Rooney, Alfie R's dad) has posted AGAIN in the yr4 whatsapp that Mr Branagh is \"a complete joke\" "
              "and everyone should complain. Its getting ridiculous!!\n\nJess x",
         expect=dict(group="Year 4", postedBy="Dave Rooney", quote="a complete joke", conduct=[ABUSE, GRIEV], staff=["Mr Branagh"], children=["Alfie"])),
    dict(id="gmail-html-forward-year3", kinds=["gmail-forward", "html"], envelope="gmail", forwarder="okonjo", format="alt",
         note="Passing this on. D",
         **{"from": ("Connor Hayes", "connor.hayes@gmail.example")}, date=D(2026, 12, 14, 18, 30),
         subject="Year 3 WhatsApp",
         body="Hi Mr Okonjo,\n\nMichelle Ward shared a screenshot of your email about the spelling test in the Year 3 WhatsApp and wrote "
              "\"he can't even spell himself\".\n\nConnor",
         html="<div dir=\"ltr\">Hi Mr Okonjo,<br><br>Michelle Ward shared a screenshot of your email about the spelling test in the Year 3 "
              "WhatsApp and wrote &quot;he can't even spell himself&quot;.<br><br>Connor</div>",
         expect=dict(group="Year 3", postedBy="Michelle Ward", quote="he can't even spell himself", conduct=[TS], staff=["Mr Okonjo"])),
    dict(id="ios-transcript-email-names-poster-year5", kinds=["whatsapp-pasted", "whatsapp-ios"],
         **{"from": ("Anna Price", "anna.price@gmail.example")}, date=D(2026, 12, 15, 20, 30),
         subject="Year 5 group",
         body="Hello,\n\nThe messages from Kelly are below, from the Year 5 WhatsApp tonight.\n\n"
              "[15/12/2026, 19:58:41] Kelly Watts: Mr Dimitrov is a bully and I'm telling the local paper\n"
              "[15/12/2026, 19:59:02] Tom Price: Let's not do this here\n\nAnna",
         expect=dict(group="Year 5", postedBy="Kelly Watts", quote="Mr Dimitrov is a bully", conduct=[BULLY, REPUTE, ABUSE], staff=["Mr Dimitrov"], timeline=2)),
    dict(id="teacher-forward-attached-chat-year2", kinds=["whatsapp-export", "chat-txt", "teacher-forward", "attached-forward"],
         envelope="attached", chain=["turnbull"],
         **{"from": ("Pippa Long", "pippa.long@gmail.example")}, date=D(2026, 12, 16, 7, 0),
         subject="Year 2 chat",
         attachments=[chat_txt("_chat.txt",
                               "[15/12/2026, 21:30:00] Laura Sims: Has anyone seen the Year 2 Christmas jumper letter?\n"
                               "[15/12/2026, 21:45:12] Craig Sims: Whoever wrote that letter is an idiot\n")],
         body="Hi Mrs Turnbull\n\nexport attached, the one at 21:45 is the problem\n\nPippa",
         expect=dict(group="Year 2", postedBy="Craig Sims", quote="an idiot", conduct=[ABUSE], timeline=2)),
    dict(id="two-named-one-poster-year6", kinds=["direct"],
         **{"from": ("Ravi Menon", "ravi.menon@outlook.example")}, date=D(2026, 12, 17, 20, 20),
         subject="Year 6 WhatsApp",
         body="Dear Mrs Jenkin,\n\nI was chatting to Sarah Bell about this and we agree something must be done. In the Year 6 WhatsApp "
              "Gary Lucas wrote that Mrs Lindqvist is \"useless\".\n\nRavi",
         expect=dict(group="Year 6", postedBy="Gary Lucas", quote="useless", conduct=[ABUSE], staff=["Mrs Lindqvist", "Mrs Jenkin"])),
    dict(id="parking-complaint-not-whatsapp", kinds=["non-concern"], expect=dict(concern=False),
         **{"from": ("Barry Cole", "barry.cole@btinternet.example")}, date=D(2026, 12, 2, 9, 45),
         subject="Parking outside school",
         body="Dear Sir/Madam,\n\nI am furious about the parking on Beech Road at drop-off. Parents block my drive every morning. "
              "This is unacceptable and I will be contacting the council.\n\nBarry Cole"),
    dict(id="homework-question-reply", kinds=["non-concern", "question"], expect=dict(concern=False, staff=["Miss Osei"], children=["Jasper"]),
         **{"from": ("Emma Quinn", "emma.quinn@gmail.example")}, date=D(2026, 12, 3, 17, 5),
         subject="Re: Homework",
         body="Hi Miss Osei,\n\nThanks. Is the spelling homework due Monday or Wednesday? Jasper wasn't sure.\n\nEmma"),
    dict(id="quiz-night-thanks", kinds=["non-concern", "thanks"], expect=dict(concern=False),
         **{"from": ("Tom Ellery", "tom.ellery@gmail.example")}, date=D(2026, 12, 6, 10, 0),
         subject="Quiz night",
         body="Hello, just to say what a great quiz night it was! Everyone in the parents group chat loved it. Thanks to the PTA. Tom"),
    dict(id="garbage-html-script-only", kinds=["garbage", "html-only"], format="html", expect=dict(concern=False, readable=False),
         **{"from": ("Tracker", "noreply@tracker.example")}, date=D(2026, 12, 7, 1, 0), subject="\u200b", body="",
         html="<html><head><style>body{display:none}</style><script>var x='WhatsApp group useless threat';</script></head><body>"
              "<img src=\"https://tracker.example/p.gif\" width=1 height=1></body></html>"),
    # ------------------------------------------------------------------ garbage
    dict(id="garbage-binary", kinds=["garbage"], envelope="raw", expect=dict(concern=False, readable=False),
         **{"from": ("", "")}, date=D(2026, 12, 1, 0, 0), subject="",
         raw=bytes(range(256)) * 8),
    dict(id="garbage-not-an-email", kinds=["garbage"], envelope="raw", expect=dict(concern=False, readable=False),
         **{"from": ("", "")}, date=D(2026, 12, 1, 0, 0), subject="",
         raw=b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nNo headers here at all.\n"),
    dict(id="garbage-empty-body", kinds=["garbage"], expect=dict(concern=False, readable=False),
         **{"from": ("Nobody", "nobody@mail.example")}, date=D(2026, 12, 2, 0, 0), subject="(no subject)", body=" \n \n"),
    dict(id="garbage-keyboard-mash", kinds=["garbage"], expect=dict(concern=False),
         **{"from": ("J", "j.x@mail.example")}, date=D(2026, 12, 3, 2, 11), subject="asdf",
         body="asdfghjkl qwerty zxcvbnm 1234567 ;;;; ]]]] ...."),
    dict(id="garbage-spam", kinds=["garbage", "non-concern"], expect=dict(concern=False),
         **{"from": ("Crypto Winner", "winner@spam.example")}, date=D(2026, 12, 4, 4, 44), subject="YOU HAVE WON \u00a31,000,000",
         body="CONGRATULATIONS!!! Click here to claim your prize. Limited time, buy now, 90% off, sign up today. Unsubscribe."),
]
