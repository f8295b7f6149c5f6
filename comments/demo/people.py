"""The demo's members: freelancers and gig workers from many places and trades, each with
a profile in their own words and the skills they have and are learning."""

from . import Member

# Staff, in the Moderators group; also writes the follow-up articles.
MODERATOR = Member(
    username="moderator",
    name="Ines Moreau",
    headline="Editor of Adapting Together. I read the moderation queue every morning.",
    bio="""
        I edit the follow-ups and keep the discussion kind. Former freelance journalist, so
        I have been on your side of the invoice. Write to me if something here looks wrong.
    """,
    have=("critical-thinking", "networking"),
)

# The member whose sign-in the demo suggests trying.
SAMPLE_MEMBER = "amara"

MEMBERS = [
    Member(
        username="amara",
        name="Amara Okafor",
        headline="Copywriter turned AI trainer, Lagos",
        bio="""
            Eleven years writing ads and product pages for Nigerian and UK brands. These days
            I spend half my week writing rubrics and grading model answers for two AI labs,
            and the other half still writing for humans, which I refuse to give up.
        """,
        have=("ai-assisted-writing", "critical-thinking", "personal-branding"),
        journey=(
            (290, "start", "ai-training"),
            (140, "learned", "ai-training"),
            (38, "start", "ai-ethics"),
        ),
    ),
    Member(
        username="rahul-k",
        name="Rahul Kulkarni",
        headline="Python automations for small businesses, Pune",
        bio="""
            Freelance developer since 2017. I build the boring glue: invoices that file
            themselves, stock sheets that talk to WhatsApp. Lately a lot of it has a language
            model somewhere in the middle.
        """,
        have=("advanced-software", "niche-services"),
        journey=((250, "start", "ai-systems"), (90, "learned", "ai-systems")),
    ),
    Member(
        username="lucia-fernandez",
        name="Lucía Fernández",
        headline="Illustrator: picture books and editorial, Monterrey",
        bio="""
            I draw by hand and I intend to keep doing that. I'm learning the business side
            instead: licensing, contracts, and explaining to a client why a generated image
            is not the same thing as a commission.
        """,
        website="https://www.example.com/lucia-dibuja",
        have=("personal-branding", "niche-services"),
        journey=((120, "start", "networking"), (30, "learned", "networking")),
    ),
    Member(
        username="lin-mei",
        name="Lin Mei",
        headline="Chinese–English subtitler and localisation editor, Taipei",
        bio="""
            Subtitles for documentaries and indie games. Most of my work now starts from a
            machine draft, which changed what I sell: the last 20 %, and the judgement about
            what a line should *feel* like.
        """,
        have=("critical-thinking", "ai-assisted-writing"),
        journey=(
            (180, "start", "advanced-software"),
            (60, "learned", "advanced-software"),
            (15, "start", "prompt-engineering"),
        ),
    ),
    Member(
        username="tomasz-w",
        name="Tomasz Wójcik",
        headline="Annotation QA lead, remote from Kraków",
        bio="""
            Started labelling bounding boxes at 3 cents each during my master's. Now I review
            other annotators' work and write guidelines. Ask me about inter-annotator
            agreement and I will happily bore you.
        """,
        have=("data-annotation", "critical-thinking"),
        journey=(
            (330, "start", "ai-training"),
            (160, "learned", "ai-training"),
            (50, "start", "ai-systems"),
        ),
    ),
    Member(
        username="joao-pedro",
        name="João Pedro Santos",
        headline="Video editor for YouTubers and small brands, Recife",
        bio="Cutting video since the Sony Vegas days. The tools changed; the storytelling is mine.",
        have=("advanced-software",),
        journey=(
            (100, "start", "ai-assisted-design"),
            (35, "learned", "ai-assisted-design"),
            (12, "start", "personal-branding"),
        ),
    ),
    Member(
        username="grace-wanjiru",
        name="Grace Wanjiru",
        headline="I automate the admin of coaches and consultants. Nairobi.",
        bio="""
            Six years as a general virtual assistant. Now I build and babysit automations
            (Make, Zapier, a few language-model steps) for eight clients in three time zones.
        """,
        have=("networking", "niche-services"),
        journey=(
            (210, "start", "advanced-software"),
            (70, "learned", "advanced-software"),
            (30, "start", "prompt-engineering"),
        ),
    ),
    Member(
        username="oksana-k",
        name="Oksana Kovalenko",
        headline="UX researcher: how real people use AI features",
        bio="""
            From Lviv, living in Warsaw. I run usability studies, lately mostly of chatbots
            and assistants: where people trust them too much, and where they give up.
        """,
        have=("critical-thinking", "networking"),
        journey=((150, "start", "ai-ethics"), (40, "learned", "ai-ethics")),
    ),
    Member(
        username="hiroshi-t",
        name="Hiroshi Tanaka",
        headline="Japanese–English patent translator, Osaka",
        bio="""
            Twenty years translating. Machine translation ate the general work, so I went
            narrower: patents and litigation documents, where a wrong word costs someone a
            lawsuit.
        """,
        have=("niche-services", "critical-thinking"),
        journey=((90, "start", "advanced-software"),),
    ),
    Member(
        username="sofia-ramirez",
        name="Sofía Ramírez",
        headline="Social media for restaurants and cafés in Bogotá",
        bio="""
            Captions, phone photos and DMs for eleven small restaurants. Yes, I use a chatbot
            for first drafts. No, it does not know what an ajiaco should look like.
        """,
        have=("personal-branding", "ai-assisted-writing"),
        journey=((60, "start", "ai-assisted-design"), (8, "start", "networking")),
    ),
    Member(
        username="liam-obrien",
        name="Liam O'Brien",
        headline="Delivery rider in the evenings, bookkeeping student in the mornings",
        bio="""
            Cork. Four years on the apps. I'm the one here who keeps reminding everyone that
            the gig economy is also people on bikes.
        """,
        journey=((160, "start", "advanced-software"),),
    ),
    Member(
        username="fatima-benali",
        name="Fatima Zahra Benali",
        headline="Transcriptionist and audio QA: Darija, French, English",
        bio="""
            Casablanca. Transcription used to be most of my income. Now the machine
            transcribes and I check it, especially Darija, which the models still mangle.
        """,
        have=("data-annotation", "critical-thinking"),
        journey=((120, "start", "ai-training"), (45, "start", "networking")),
    ),
    Member(
        username="an-nguyen",
        name="Nguyễn Thị An",
        headline="QA tester, now testing LLM features. Ho Chi Minh City.",
        bio="""
            Manual and automated testing for outsourcing clients. Testing something that gives
            a different answer every time has been humbling.
        """,
        have=("advanced-software",),
        journey=(
            (110, "start", "prompt-engineering"),
            (30, "learned", "prompt-engineering"),
            (28, "start", "ai-systems"),
        ),
    ),
    Member(
        username="priya-s",
        name="Priya Subramanian",
        headline="Freelance data scientist: bias audits of hiring and lending models",
        bio="""
            Chennai-born, Toronto-based. I audit models that decide things about people. Most
            of my clients are small HR-tech companies that just got a letter from a regulator.
        """,
        have=("ai-ethics", "ai-systems", "critical-thinking"),
        journey=((70, "start", "personal-branding"),),
    ),
    Member(
        username="kofi-asante",
        name="Kofi Asante",
        headline="WordPress and Shopify developer, Accra",
        bio="""
            Sites for small businesses across West Africa. I now offer "AI-ready" shop set-ups,
            which mostly means cleaning up their product data.
        """,
        have=("advanced-software", "networking"),
        journey=((80, "start", "ai-systems"), (20, "start", "prompt-engineering")),
    ),
    Member(
        username="elena-marchetti",
        name="Elena Marchetti",
        headline="Food and product photographer, Bologna",
        bio="""
            Stock photography used to pay my studio rent. It doesn't any more, so I'm back to
            shooting for clients who want their real food, properly lit.
        """,
        have=("personal-branding",),
        journey=((95, "start", "ai-assisted-design"), (18, "learned", "ai-assisted-design")),
    ),
    Member(
        username="sam-carter",
        name="Sam Carter",
        headline="Technical writer for developer tools. Columbus, Ohio.",
        bio="""
            API references, tutorials, the occasional migration guide nobody reads. I draft
            with a model and I still run every code sample by hand.
        """,
        have=("ai-assisted-writing", "advanced-software"),
        journey=((140, "start", "prompt-engineering"), (50, "learned", "prompt-engineering")),
    ),
    Member(
        username="aylin-demir",
        name="Aylin Demir",
        headline="Voice actor, Turkish and English: ads, e-learning, games",
        bio="Istanbul. My voice is my product, so I read contracts very carefully now.",
        have=("personal-branding", "networking"),
        journey=((75, "start", "ai-ethics"),),
    ),
    Member(
        username="mateo-gonzalez",
        name="Mateo González",
        headline="Motion designer, Buenos Aires. Newsletter on AI tools for animators.",
        bio="After Effects, Cavalry, and lately a lot of generated backgrounds I fix by hand.",
        have=("ai-assisted-design", "advanced-software"),
        journey=((130, "start", "personal-branding"), (40, "learned", "personal-branding")),
    ),
    Member(
        username="hannah-krueger",
        name="Hannah Krüger",
        headline="Bookkeeper and tax adviser for freelancers, Leipzig",
        bio="""
            Most of my clients are translators, designers and developers. I see their numbers,
            which makes me a bit less optimistic and a lot more practical than the internet.
        """,
        have=("niche-services", "critical-thinking"),
        journey=((45, "start", "ai-assisted-writing"),),
    ),
    Member(
        username="arjun-mehta",
        name="Arjun Mehta",
        headline="CS student in Bangalore, annotating at weekends",
        bio="Third year. Annotation pays for my books; I'm trying to make it count on my CV.",
        have=("data-annotation",),
        journey=((85, "start", "ai-training"), (33, "start", "prompt-engineering")),
    ),
    Member(
        username="chloe-dubois",
        name="Chloé Dubois",
        headline="Health writer in French and English, formerly SEO content",
        bio="""
            Montréal. I used to write forty blog posts a month about anything for anyone. Now I
            write eight a month about health, with sources, reviewed by clinicians.
        """,
        have=("ai-assisted-writing",),
        journey=(
            (240, "start", "niche-services"),
            (100, "learned", "niche-services"),
            (22, "start", "ai-ethics"),
        ),
    ),
    Member(
        username="omar-haddad",
        name="Omar Haddad",
        headline="Arabic linguist: dialect data for speech models, Cairo",
        bio="""
            I record, transcribe and label Egyptian Arabic for speech companies. There is far
            more work in the dialects than in Modern Standard Arabic, and few people to do it.
        """,
        have=("data-annotation", "niche-services"),
        journey=((60, "start", "ai-training"),),
    ),
    Member(
        username="park-jiwoo",
        name="Park Ji-woo",
        headline="Webtoon colorist, Seoul",
        bio="""
            Flatting and coloring for webtoon studios. Flatting was the first job the tools took
            from us, so I'm moving up to lighting and color scripts.
        """,
        have=("advanced-software",),
        journey=((100, "start", "ai-assisted-design"), (55, "start", "personal-branding")),
    ),
    Member(
        username="ana-lima",
        name="Ana Lima",
        headline="Conversation designer, ex customer support. Lisbon.",
        bio="""
            Five years answering tickets for SaaS companies; now I write the flows and fallback
            messages of their support bots. I know exactly where customers get angry.
        """,
        have=("critical-thinking", "ai-assisted-writing"),
        journey=(
            (190, "start", "prompt-engineering"),
            (75, "learned", "prompt-engineering"),
            (14, "start", "ai-systems"),
        ),
    ),
    Member(
        username="rosa-delacruz",
        name="Rosa Dela Cruz",
        headline="Online English tutor and virtual assistant, Quezon City",
        bio="""
            Mom of two. English lessons for adults in Japan and Korea at 6 a.m., admin for an
            agency in Sydney in the afternoon.
        """,
        have=("networking",),
        journey=(
            (130, "start", "ai-assisted-writing"),
            (60, "learned", "ai-assisted-writing"),
            (26, "start", "data-annotation"),
        ),
    ),
    Member(
        username="erik-lindqvist",
        name="Erik Lindqvist",
        headline="Game audio and music, Gothenburg",
        bio="Sound design and adaptive music for small studios. Sceptical of the hype, curious.",
        have=("advanced-software", "networking"),
    ),
    Member(
        username="noor-khalil",
        name="Noor Khalil",
        headline="Brand designer, Beirut. Logos were my bread; brand systems are my butter now.",
        have=("ai-assisted-design", "personal-branding"),
        journey=((115, "start", "niche-services"), (35, "learned", "niche-services")),
    ),
    Member(
        username="ben-adler",
        name="Ben Adler",
        headline="Organizer with a freelancers' association, Brooklyn",
        bio="""
            I help freelancers get paid on time and read their contracts before they sign.
            I think "upskill" is half an answer.
        """,
        have=("networking", "ai-ethics"),
    ),
    Member(
        username="sipho-ndlovu",
        name="Sipho Ndlovu",
        headline="Mobile developer, Johannesburg. Learning on-device ML.",
        have=("advanced-software",),
        journey=((140, "start", "ai-systems"), (9, "start", "prompt-engineering")),
    ),
    Member(
        username="zainab-malik",
        name="Zainab Malik",
        headline="Market research analyst, Lahore. Six years on Upwork.",
        bio="Competitor research, survey design, reports people actually read.",
        have=("critical-thinking", "ai-assisted-writing"),
        journey=((65, "start", "prompt-engineering"), (16, "start", "ai-ethics")),
    ),
    Member(
        username="ruth-abernathy",
        name="Ruth Abernathy",
        headline="Curriculum writer, retired English teacher. Edinburgh. 61 and learning.",
        bio="""
            Thirty-one years in secondary classrooms. Now I write teaching materials for an
            education publisher, with more help from my grandson than I like to admit.
        """,
        have=("critical-thinking", "continuous-learning"),
        journey=((70, "start", "ai-assisted-writing"), (10, "learned", "ai-assisted-writing")),
    ),
    # Newcomers: their first comments wait in the moderation queue.
    Member(
        username="kwame-mensah",
        name="Kwame Mensah",
        headline="IT diploma, looking for my first AI work. Kumasi.",
    ),
    Member(
        username="brandon-tate",
        name="Brandon Tate",
        headline="Prompt pack creator | 6-figure freelancer | DM for collabs",
    ),
]
