"""What members said under the essay and its follow-ups, thread by thread.

Thread starts count days back from when the demo runs; replies count hours after the
comment they answer. The follow-ups quote only what was said before they were published.
"""

from . import Reply, Thread

ESSAY = [
    Thread(
        author="amara",
        days_ago=56.8,
        skills=("ai-training", "ai-assisted-writing"),
        helpful=7,
        body="""
            I was a copywriter for eleven years, mostly product pages and email campaigns. Last
            year two of my three retainer clients told me, politely, that they would "try doing
            it in-house with AI for a while". One came back. One didn't.

            What I did about it, roughly in order:

            1. Signed up for evaluation work with two AI companies: writing rubrics, grading
               answers, writing the "ideal" response. The pay is decent if you're fast and
               careful, terrible if you're only fast.
            2. Kept my best copy client and doubled down on being the person who knows their
               customers.
            3. Stopped calling myself a copywriter on LinkedIn. I'm "writer and AI evaluator"
               now, and the messages I get changed within a month.

            The surprising part: evaluating model writing made me a better editor of my *own*
            writing. You start seeing filler everywhere.
        """,
        replies=[
            Reply(
                author="tomasz-w",
                hours_later=4,
                helpful=3,
                body="""
                    Point 1 is real. The people who last in evaluation work are the ones who
                    read the guidelines twice and disagree with them in writing. The ones who
                    speed-run tasks get dropped quietly after a quality audit.
                """,
                replies=[
                    Reply(
                        author="amara",
                        hours_later=2,
                        body="""
                            Yes! I had a task rejected for "over-explaining the rubric". I wrote
                            a two-line objection and they changed the guideline the following
                            week. Nobody tells you that's part of the job.
                        """,
                        replies=[
                            Reply(
                                author="tomasz-w",
                                hours_later=5,
                                body="""
                                    That's exactly who gets promoted to reviewer. Keep the
                                    objections polite and specific, and keep a copy of every
                                    one. They're your portfolio in this line of work.
                                """,
                            ),
                        ],
                    ),
                ],
            ),
            Reply(
                author="chloe-dubois",
                hours_later=20,
                body="""
                    The LinkedIn bit is underrated. Same here: I changed "SEO content writer"
                    to "health writer" and the lowball offers stopped almost overnight.
                """,
            ),
        ],
    ),
    Thread(
        author="liam-obrien",
        days_ago=55.5,
        helpful=9,
        body="""
            Bit of a different view from the ground. The essay talks about "independent
            workers" as if we're all sitting at laptops. Half the gig economy is delivering
            food and driving cars. For us AI isn't a tool we learn, it's the thing that sets
            our pay per drop and decides who gets the good orders.

            I'm adapting by getting out: bookkeeping course in the mornings, riding in the
            evenings. But I'd like the upskilling conversation to admit that not everyone has
            the hours, the laptop or the English to become a prompt engineer.
        """,
        replies=[
            Reply(
                author="ben-adler",
                hours_later=3,
                helpful=4,
                body="""
                    Thank you for saying this. Algorithmic pay-setting is the biggest AI story
                    in gig work and the essay barely mentions it. Upskilling is one answer; the
                    other is being able to see, and contest, how the algorithm treats you. Some
                    cities now make platforms disclose how pay is calculated. Worth knowing if
                    you live in one of them.
                """,
                replies=[
                    Reply(
                        author="rahul-k",
                        hours_later=6,
                        body="""
                            Genuine question, not trying to start a fight: wouldn't rules like
                            that just make the platforms raise prices or leave? I've seen
                            delivery apps threaten exactly that in a couple of Indian cities.
                        """,
                        replies=[
                            Reply(
                                author="ben-adler",
                                hours_later=4,
                                body="""
                                    They threaten to. They mostly don't leave, because the
                                    market is worth too much. And where prices went up a little,
                                    riders got a floor they could plan around. I'd take that
                                    trade every time.
                                """,
                            ),
                            Reply(
                                author="liam-obrien",
                                hours_later=9,
                                helpful=2,
                                body="""
                                    From my side: I don't need the formula in the newspaper. I
                                    need to know why my acceptance rate "dropped" and I got the
                                    worst orders for a week. Nobody at support could tell me.
                                """,
                            ),
                        ],
                    ),
                ],
            ),
            Reply(
                author="ruth-abernathy",
                hours_later=26,
                body="""
                    Good luck with the bookkeeping, Liam. I retrained at 58 and it was slower
                    than I expected, but worth it. Mornings are the right call.
                """,
            ),
            Reply(
                author="moderator",
                hours_later=40,
                body="""
                    Liam, Ben: this is one of the most useful threads under the essay. We'll
                    come back to it in a follow-up, and I'd like to quote you both, if that's
                    all right with you.
                """,
            ),
        ],
    ),
    Thread(
        author="hiroshi-t",
        days_ago=54,
        skills=("niche-services",),
        helpful=8,
        body="""
            Translator, 20 years, Japanese to English. Machine translation took the easy end of
            the market around 2019 and the middle around 2023. What I did:

            - dropped general business translation entirely
            - specialised in patents and litigation documents (I had some background from a
              previous job)
            - raised my rates, which sounds backwards, but a client who needs a patent
              translated correctly is not comparing me with a free tool

            I use MT myself for first drafts of long prior-art documents that only need to be
            understood, never for anything that will be filed. Knowing where that line sits
            *is* the skill now.
        """,
        replies=[
            Reply(
                author="lin-mei",
                hours_later=5,
                helpful=2,
                body="""
                    Same line in subtitling. A machine draft is fine for a reference pass;
                    anything that reaches an audience gets rewritten by me. Clients who get
                    that pay well. Clients who don't are no longer my clients.
                """,
            ),
            Reply(
                author="arjun-mehta",
                hours_later=22,
                body="""
                    How did you find your first patent clients? It looks like a closed world
                    from the outside.
                """,
                replies=[
                    Reply(
                        author="hiroshi-t",
                        hours_later=3,
                        helpful=3,
                        body="""
                            Honestly, through an old colleague at a law firm. The other route
                            that works: the patent translation groups of the professional
                            associations. Go to their events, ask questions. It's a small world,
                            so being known matters more than any certificate.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="grace-wanjiru",
        days_ago=52.3,
        skills=("advanced-software", "prompt-engineering"),
        helpful=6,
        body="""
            I stopped selling hours and started selling "your admin runs itself". Concretely: I
            set up a client's automations (intake forms, calendar, invoices, follow-up emails,
            a model step that drafts replies to the easy emails), then charge a monthly fee to
            keep it all running.

            The technical part took me about four months to get decent at. The harder part was
            the conversation with clients used to paying me by the hour. Two left. The six who
            stayed pay me more than before, and I work fewer hours.
        """,
        replies=[
            Reply(
                author="sofia-ramirez",
                hours_later=7,
                body="""
                    How do you price the monthly fee? I keep wanting to do this for my
                    restaurants and I never know what number to say out loud.
                """,
                replies=[
                    Reply(
                        author="grace-wanjiru",
                        hours_later=3,
                        helpful=5,
                        body="""
                            Roughly: what they used to pay me for the hours the automation now
                            saves, minus a bit so it's an obvious win for them, plus a fee for
                            each new workflow. And I cap the changes per month, otherwise a
                            retainer quietly becomes unlimited work.
                        """,
                        replies=[
                            Reply(
                                author="hannah-krueger",
                                hours_later=10,
                                helpful=4,
                                body="""
                                    Speaking as the bookkeeper in the room: put that cap in the
                                    contract, not in an email. And invoice new workflows
                                    separately, so you can see which clients actually make you
                                    money.
                                """,
                            ),
                        ],
                    ),
                ],
            ),
            Reply(
                author="rahul-k",
                hours_later=30,
                body="""
                    This is more or less what I do for small shops, but you explained the pitch
                    better than I ever have. Stealing "your admin runs itself".
                """,
            ),
        ],
    ),
    Thread(
        author="lucia-fernandez",
        days_ago=50.1,
        helpful=11,
        body="""
            Illustrator here. I'll be the one who says it: I am not adapting by learning the
            image generators. I tried, I didn't like what it did to how I think about drawing,
            and my clients hire me because my books look like my books.

            What I *am* learning is the business side. I license my work now instead of
            selling all rights, my contracts forbid training models on it, and I joined an
            illustrators' guild that shares rate sheets. My income is about the same as two
            years ago, which I'm told counts as winning.
        """,
        replies=[
            Reply(
                author="noor-khalil",
                hours_later=4,
                helpful=2,
                body="""
                    Respect. I went the other way (generators for moodboards, never for final
                    work) but your licensing point is the real lesson. I've lost more money to
                    bad contracts than to AI.
                """,
            ),
            Reply(
                author="mateo-gonzalez",
                hours_later=8,
                body="""
                    Gentle counterpoint: animation clients here now expect generated backgrounds
                    by default, and refusing them outright would have cost me most of my work.
                    I think it depends a lot on the niche. Picture books may be one of the
                    places where handmade is the whole point.
                """,
                replies=[
                    Reply(
                        author="lucia-fernandez",
                        hours_later=5,
                        body="""
                            Completely fair, and I don't judge anyone who chose differently. I
                            know I'm lucky that my niche values it.
                        """,
                    ),
                ],
            ),
            Reply(
                author="aylin-demir",
                hours_later=28,
                body="""
                    Would you share the wording of that clause? I need the same thing for my
                    voice recordings.
                """,
                replies=[
                    Reply(
                        author="lucia-fernandez",
                        hours_later=2,
                        helpful=6,
                        body="""
                            Roughly:

                            > The licensee may not use the work, in whole or in part, to train,
                            > fine-tune or evaluate any machine learning model, nor allow a
                            > third party to do so.

                            Have a lawyer in your country look at it, though. Mine changed two
                            words and they were the important ones.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="priya-s",
        days_ago=47.6,
        skills=("ai-ethics",),
        helpful=5,
        body="""
            A view from the other side of the table: I audit AI systems for bias, mostly models
            that screen job applicants. If you worry about how platforms rank you, a few things
            are worth knowing:

            - ranking models learn from past clients' choices, so they inherit their
              preferences
            - response time and acceptance rate often weigh more than quality, because they are
              easy to measure
            - very few platforms have ever had an external audit

            None of that tells you what to do tomorrow morning, I know. But if your profile
            suddenly sinks, it is usually not about your skills.
        """,
        replies=[
            Reply(
                author="zainab-malik",
                hours_later=6,
                body="""
                    The response time thing is so true. I once lost my "top rated" badge during
                    a week of power cuts in Lahore. Nothing about my work had changed.
                """,
                replies=[
                    Reply(
                        author="priya-s",
                        hours_later=4,
                        body="""
                            That's exactly the kind of case an audit should catch and rarely
                            does. Did they restore it when you explained?
                        """,
                        replies=[
                            Reply(
                                author="zainab-malik",
                                hours_later=3,
                                body="After three weeks and two support tickets, yes. No "
                                "apology, just the badge back.",
                            ),
                        ],
                    ),
                ],
            ),
            Reply(
                author="oksana-k",
                hours_later=25,
                body="Priya, do you know any public write-ups of platform audits? I'd love to "
                "use one in a workshop.",
                replies=[
                    Reply(
                        author="priya-s",
                        hours_later=5,
                        body="""
                            Very few are public. The academic studies of ride-hailing pay are
                            the closest thing. I'll dig out the ones I trust when I'm back at my
                            desk.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="fatima-benali",
        days_ago=45.2,
        skills=("data-annotation",),
        helpful=10,
        body="""
            Transcription was 70 % of my income in 2022. Today it's maybe 15 %. The speech
            models do French and English almost perfectly.

            But Darija mixed with French is still a mess for them, so that's where my work is
            now: I correct machine transcripts of interviews and call-centre audio, and I label
            data so the next model gets it less wrong. Yes, I know I'm training my replacement.
            The rent is due either way.
        """,
        replies=[
            Reply(
                author="omar-haddad",
                hours_later=9,
                helpful=4,
                body="""
                    Same with Egyptian Arabic. Dialect work is the one place where being a
                    native speaker still pays a premium. Have you tried going direct to the
                    speech companies instead of the annotation platforms? Rates are roughly
                    double, in my experience.
                """,
                replies=[
                    Reply(
                        author="fatima-benali",
                        hours_later=5,
                        body="I haven't, I didn't know they hired directly. How did you "
                        "approach them?",
                        replies=[
                            Reply(
                                author="omar-haddad",
                                hours_later=2,
                                helpful=5,
                                body="""
                                    Cold emails to their data teams, with a short sample of my
                                    work and a clear rate. Nine emails, two answers, one
                                    six-month contract. Not glamorous, but it works.
                                """,
                            ),
                        ],
                    ),
                ],
            ),
            Reply(
                author="ben-adler",
                hours_later=30,
                body='"The rent is due either way" could be the subtitle of this whole discussion.',
            ),
        ],
    ),
    Thread(
        author="sam-carter",
        days_ago=43,
        skills=("ai-assisted-writing",),
        helpful=4,
        body="""
            Technical writer. The honest summary of my last year: AI made the first draft free
            and the last 10 % more valuable.

            A model now drafts the reference docs from the code and the docstrings, and I spend
            my time on what it can't do: running every example, finding where the docs lie, and
            asking the engineers *why* things work the way they do. Clients pay the same rate
            for fewer hours of typing and more hours of testing, which suits me fine.
        """,
        replies=[
            Reply(
                author="an-nguyen",
                hours_later=6,
                body="""
                    "Finding where the docs lie" is my favourite job description ever. As a
                    tester I can confirm the docs always lie somewhere.
                """,
            ),
            Reply(
                author="rahul-k",
                hours_later=19,
                body="Do you tell clients you draft with a model? I never know whether to "
                "mention it.",
                replies=[
                    Reply(
                        author="sam-carter",
                        hours_later=3,
                        helpful=3,
                        body="""
                            Yes, always, in the proposal. Nobody has objected so far. Two
                            clients asked me not to send their code to outside services, which
                            is fair, so for them I run a local model or just write it myself.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="rosa-delacruz",
        days_ago=41,
        helpful=6,
        body="""
            The tutoring platform I work on cut my hours in half this year, after it launched
            its own "AI conversation partner". The students who stayed say they use the bot to
            practise and come to me for real conversation, which is lovely to hear but doesn't
            pay the bills.

            What I'm doing: moved three students to direct lessons off the platform (allowed
            after twelve months there), started a small group class, and annotation work at
            weekends. Tired but ok.
        """,
        replies=[
            Reply(
                author="amara",
                hours_later=5,
                body="""
                    "Bot for practice, human for the real thing" is exactly the split I see in
                    my evaluation work too. You're not wrong to build on it.
                """,
            ),
            Reply(
                author="arjun-mehta",
                hours_later=9,
                body="""
                    Which platform do you annotate on at weekends? Mine pays per task and some
                    weeks there's simply nothing.
                """,
                replies=[
                    Reply(
                        author="rosa-delacruz",
                        hours_later=4,
                        body="""
                            Same problem, so I'm on two and one of them usually has tasks. The
                            projects that need written English pay best, much better than image
                            tagging.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="oksana-k",
        days_ago=38.5,
        skills=("critical-thinking", "ai-ethics"),
        helpful=5,
        body="""
            UX researcher. My work changed in a way I didn't expect: half my projects are now
            studies of AI features. A company ships a chatbot, it looks great in the demo, and
            then real users either trust it blindly or give up after two answers.

            So the skill I'm investing in isn't prompting, it's designing studies that catch
            over-trust. For example, a task where the assistant is subtly wrong, to see who
            notices. It's the most useful research I've done in years.
        """,
        replies=[
            Reply(
                author="ana-lima",
                hours_later=7,
                helpful=2,
                body="""
                    Over-trust is SO real in support bots. My angriest customers were always
                    people who had followed the bot's wrong instructions for twenty minutes
                    before they reached me.
                """,
            ),
        ],
    ),
    Thread(
        author="joao-pedro",
        days_ago=37,
        skills=("advanced-software", "ai-assisted-design"),
        helpful=3,
        body="""
            Video editor. "Use AI" is too vague to be useful, so here are the tools I actually
            use every week:

            - automatic transcripts, to find the good takes in a two-hour interview
            - text-based editing for the first rough cut
            - noise removal on audio that would have been unusable two years ago

            That saves me maybe 40 % on a typical YouTube edit. I didn't lower my price, I took
            on more clients. The pacing, the story, knowing when to hold a shot one second
            longer: nobody has asked me to automate that.
        """,
        replies=[
            Reply(
                author="erik-lindqvist",
                hours_later=11,
                body="The noise removal tools really are impressive. As a sound person I hate "
                "admitting it.",
                replies=[
                    Reply(
                        author="joao-pedro",
                        hours_later=2,
                        body="Haha. They still can't fix a bad room, though. You're safe.",
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="chloe-dubois",
        days_ago=35.5,
        skills=("niche-services",),
        helpful=6,
        body="""
            I wrote SEO content for six years. When the flood of generated content hit, the
            offers on the usual platforms went from about 8 cents a word to 1 or 2 cents, for
            "editing AI drafts".

            I said no to those and rebuilt around one field: health. Every article has sources,
            a clinician reviews it, and the client's legal team cares who wrote it. Fewer
            articles, much better rates. It took about five months, some of them lean. "Niche
            down" is boring advice, but it worked for me.
        """,
        replies=[
            Reply(
                author="hannah-krueger",
                hours_later=21,
                helpful=3,
                body="""
                    "Some of them lean" is the part people skip when they give this advice. If
                    you're planning the same move, put aside three months of expenses first if
                    you possibly can.
                """,
            ),
        ],
    ),
    Thread(
        author="rahul-k",
        days_ago=34,
        skills=("ai-systems", "niche-services"),
        helpful=5,
        body="""
            Unpopular opinion maybe: for developers the opportunity is bigger than the threat,
            *if* you work for small businesses instead of competing with everyone on Upwork.

            A bakery doesn't want "AI". It wants the WhatsApp orders in one sheet and the
            invoices sent. I put a small model step in maybe a third of my projects (sorting
            messages, pulling out order details); the rest is the same boring integration work
            as always. Boring work that pays on time is a fine business.
        """,
        replies=[
            Reply(
                author="kofi-asante",
                hours_later=5,
                body="""
                    Agree 100 %. Same in Accra: my clients don't care about models, they care
                    that the product catalogue is right. Most of my "AI projects" are data
                    cleaning.
                """,
                replies=[
                    Reply(
                        author="rahul-k",
                        hours_later=3,
                        body="Data cleaning is 80 % of it everywhere. We should start a "
                        "support group.",
                    ),
                ],
            ),
            Reply(
                author="sipho-ndlovu",
                hours_later=8,
                body="""
                    What happens when the model step gets an order wrong? That's the part that
                    scares me for small clients who can't debug anything.
                """,
                replies=[
                    Reply(
                        author="rahul-k",
                        hours_later=4,
                        helpful=4,
                        body="""
                            Everything it extracts lands in a sheet with a "checked" column, and
                            a person confirms before anything is sent or charged. Slower than
                            full automation, but the owner trusts it, and trust is what they're
                            paying for.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="aylin-demir",
        days_ago=32,
        skills=("ai-ethics", "personal-branding"),
        helpful=7,
        body="""
            Voice actor. Three things I've done this year:

            1. Every contract now says my recordings can't be used to train a model or clone
               my voice, and I ask about it out loud on every job. About one client in ten
               tries to change that clause.
            2. I licensed my voice once, to one company, for one specific use, for a real fee.
               Controlled and documented. I'd rather that than have it scraped.
            3. I moved towards work where the performance matters: games and audiobooks, less
               phone-menu work.

            It's a frightening trade to be in right now. But it isn't over.
        """,
        replies=[
            Reply(
                author="erik-lindqvist",
                hours_later=9,
                body="""
                    Point 1 should be standard for everyone in audio. I had to fight a studio
                    over it last month, for sound effects of all things.
                """,
            ),
            Reply(
                author="zainab-malik",
                hours_later=20,
                body="""
                    What did you base the fee for the licence on, if you don't mind me asking?
                    I can't imagine how anyone prices something like that.
                """,
                replies=[
                    Reply(
                        author="aylin-demir",
                        hours_later=6,
                        helpful=4,
                        body="""
                            A flat fee for a two-year term with a cap on usage, then we
                            renegotiate. My union had a template. Without it I would have had
                            no idea where to start.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="park-jiwoo",
        days_ago=28,
        helpful=7,
        body="""
            Webtoon colorist. Flatting (filling in the base colours) was where most of us
            started, and it's the first thing the studios automated. New colorists have no
            entry-level work now, and that worries me more than my own job.

            For myself: I'm practising lighting and atmosphere, and color scripts for whole
            episodes. And I'm mentoring two juniors for free, because otherwise nobody will
            learn this.
        """,
        replies=[
            Reply(
                author="noor-khalil",
                hours_later=9,
                helpful=3,
                body="""
                    The missing first rung is the problem nobody has a plan for. Same in logo
                    design: the fifty-dollar logo was where everyone learned.
                """,
                replies=[
                    Reply(
                        author="priya-s",
                        hours_later=26,
                        body="""
                            It's a data problem too. The next models need skilled people's work
                            to learn from, and we're removing the path that makes skilled
                            people.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="erik-lindqvist",
        days_ago=24,
        helpful=8,
        body="""
            Some pushback on the essay's list: "prompt engineer" is not a career for most of
            us. It was a job title for about eighteen months. The models understand plain
            requests better with every release, and the skill folds into knowing your own
            field well.

            If you're a designer, be a designer who uses the tools well. Don't pivot into
            "prompt engineering" and compete with everyone else who read the same thread.
        """,
        replies=[
            Reply(
                author="an-nguyen",
                hours_later=6,
                body="""
                    Partly agree. But writing good test prompts for an LLM feature is a real
                    skill in my job, and it's closer to testing than to "prompt engineering"
                    the way LinkedIn talks about it.
                """,
                replies=[
                    Reply(
                        author="erik-lindqvist",
                        hours_later=3,
                        body="""
                            That's fair, and it's my point really: it became part of testing,
                            not a job of its own.
                        """,
                    ),
                ],
            ),
            Reply(
                author="ana-lima",
                hours_later=10,
                helpful=2,
                body="""
                    I'm literally a conversation designer, and I agree with you. The title on
                    my invoices is "conversation design"; the prompts are maybe a fifth of the
                    work.
                """,
            ),
        ],
    ),
    Thread(
        author="ruth-abernathy",
        days_ago=21,
        skills=("continuous-learning",),
        helpful=12,
        body="""
            I'm 61, retired from teaching secondary English, and I write curriculum materials
            freelance for an education publisher. I was sure AI would finish me off before I'd
            even started.

            It didn't. The publisher uses it for first drafts of worksheets, and I'm paid to
            make them work in a real classroom with real thirteen-year-olds, whom no model has
            ever met. I learned the tools over one summer with a lot of help from my grandson.
            If I can, most of you can.
        """,
        replies=[
            Reply(
                author="rosa-delacruz", hours_later=8, body="This made my morning. Thank you, Ruth."
            ),
            Reply(
                author="kofi-asante",
                hours_later=23,
                body='"Whom no model has ever met" is going on a sticky note above my desk.',
            ),
        ],
    ),
    Thread(
        author="zainab-malik",
        days_ago=19.5,
        skills=("critical-thinking", "prompt-engineering"),
        helpful=9,
        body="""
            Market researcher on Upwork. Clients now ask "do you use AI?" before they ask about
            my method, and I've learned there's a right and a wrong way to answer.

            Wrong: "No, everything is done by hand." (They hear: slow and expensive.) Also
            wrong: "Yes, I use ChatGPT." (They hear: why am I paying you?)

            What works: "I use AI tools to gather and summarise sources faster, and I check
            every number and every quote myself. Here's how." Then I show one page of my
            verification log. Since I started doing that, I win about twice as many proposals.
        """,
        replies=[
            Reply(
                author="sam-carter",
                hours_later=7,
                body="The verification log is a great idea. Stealing it for my proposals.",
            ),
            Reply(
                author="chloe-dubois",
                hours_later=22,
                helpful=2,
                body="""
                    The same answer works for writing. Clients don't want to hear "no AI" or
                    "all AI"; they want to hear where the human judgement is.
                """,
            ),
        ],
    ),
    Thread(
        author="arjun-mehta",
        days_ago=14,
        helpful=2,
        body="""
            Student here, annotating at weekends. A question for people who moved from
            annotation into better-paid AI work (Tomasz, Amara?): what was the step in between?
            Right now my CV says "labelled 40,000 images" and I don't think that impresses
            anyone.
        """,
        replies=[
            Reply(
                author="tomasz-w",
                hours_later=4,
                helpful=6,
                body="""
                    Don't write the count, write what you were trusted with: "reviewed other
                    annotators' work", "wrote edge-case notes that went into the guidelines",
                    "agreement score above X". If none of that is true yet, ask your project
                    lead for review tasks. Careful people get noticed fast because there are so
                    few of them.
                """,
                replies=[
                    Reply(
                        author="arjun-mehta",
                        hours_later=6,
                        body="""
                            That's really helpful, thank you. I did write edge-case notes, I
                            just didn't think they counted for anything.
                        """,
                    ),
                ],
            ),
            Reply(
                author="amara",
                hours_later=9,
                helpful=4,
                body="""
                    For me the step was writing tasks: showing I could write a good rubric and
                    a model answer. You write clearly and you know a subject well (CS!), so
                    apply for the coding evaluation projects. They pay far more than image
                    labelling.
                """,
            ),
        ],
    ),
    Thread(
        author="mateo-gonzalez",
        days_ago=11,
        skills=("ai-assisted-design",),
        flags=(("erik-lindqvist", "self-promotion"), ("hannah-krueger", "self-promotion")),
        body="""
            I covered exactly this in my newsletter last month: 14 AI tools for motion
            designers, which are worth paying for and which are hype. Free to subscribe at
            [Motion Notes](https://www.example.com/motion-notes). Short version: generated
            backgrounds yes, generated animation not yet.
        """,
        replies=[
            Reply(
                author="joao-pedro",
                hours_later=5,
                body="Agree with the short version. Which background tool do you use?",
            ),
        ],
    ),
    Thread(
        author="sipho-ndlovu",
        days_ago=5,
        skills=("ai-systems",),
        helpful=3,
        body="""
            Mobile dev in Joburg. I'm learning to run small models on the phone itself, because
            many of my clients' users pay a lot for data and have patchy signal. An app that
            does the clever part offline is a real advantage here, and almost nobody on the big
            freelance sites offers it yet.

            Five months in: it's harder than the tutorials make it look, mostly because of
            memory limits on mid-range Android phones. But my first client project with it
            shipped last month.
        """,
        replies=[
            Reply(
                author="kofi-asante",
                hours_later=6,
                body="""
                    Same data-cost problem in Ghana. I'd love to know which models fit on a
                    mid-range phone.
                """,
                replies=[
                    Reply(
                        author="sipho-ndlovu",
                        hours_later=4,
                        helpful=2,
                        body="""
                            Small speech and classification models fit fine. Anything generative
                            that's actually useful is still too big for most of my users'
                            phones. Next year, probably.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="kwame-mensah",
        days_ago=0.4,
        held=True,
        body="""
            Hi all, new here. I finished an IT diploma in Kumasi last year and I've been
            applying for annotation and AI training work without much luck. Most platforms
            either aren't open in Ghana or want experience first. Did anyone here start from
            zero in West Africa? What worked?
        """,
    ),
]

FOUR_WEEKS = [
    Thread(
        author="tomasz-w",
        days_ago=29.2,
        helpful=3,
        body="""
            Thanks for pulling this together. One thing I'd add to "judging the output": it can
            be practised. Take any model answer in your field and write down, before you read
            it closely, what a correct answer must contain. Then check. It's how we train new
            reviewers.
        """,
    ),
    Thread(
        author="oksana-k",
        days_ago=27,
        body="""
            "Going narrower" is the pattern I hear most in my interviews with freelancers too.
            What nobody says is how lonely it is at first: fewer people to compare rates with.
        """,
        replies=[
            Reply(
                author="hiroshi-t",
                hours_later=12,
                helpful=2,
                body="""
                    Very true. The first year in patents I had no idea whether my rates were
                    normal. The association's rate survey helped more than any course.
                """,
            ),
        ],
    ),
    Thread(
        author="fatima-benali",
        days_ago=20,
        helpful=4,
        body="""
            Thank you for quoting me. Since this article two people have written to me about
            Darija work, and I followed Omar's advice and emailed three speech companies. One
            answered. Fingers crossed.
        """,
        replies=[
            Reply(author="omar-haddad", hours_later=3, body="Great news! Keep the rate firm."),
            Reply(
                author="amara",
                hours_later=7,
                body="This is what this place is for. Good luck, Fatima.",
            ),
        ],
    ),
    Thread(
        author="an-nguyen",
        days_ago=12,
        body="""
            Could a future follow-up look at testing and QA? Testing LLM features is a whole
            new skill and I can't find many people who talk about it honestly.
        """,
        replies=[
            Reply(
                author="moderator",
                hours_later=5,
                body="Noted, An. It's on the list, and we'd love to quote you when it comes.",
            ),
        ],
    ),
]

PRICING = [
    Thread(
        author="hannah-krueger",
        days_ago=15.6,
        skills=("niche-services",),
        helpful=8,
        body="""
            A few things I tell every freelancer client who wants to raise rates this year:

            - Look at your last twelve months *per client*, not in total. Most people have one
              client who pays half the money and takes a tenth of the time. Find more of those.
            - Raise rates for new clients first. Existing ones get three months' notice.
            - Never discount "because you use AI". You're not selling your keystrokes.

            And please, keep a tax reserve. I've seen too many good years end in a bad April.
        """,
        replies=[
            Reply(
                author="grace-wanjiru",
                hours_later=4,
                helpful=2,
                body="""
                    The per-client view changed everything for me. My smallest client was
                    taking a whole day a week.
                """,
            ),
        ],
    ),
    Thread(
        author="lin-mei",
        days_ago=14,
        skills=("critical-thinking",),
        helpful=5,
        body="""
            Post-editing rates are the elephant in the room. Agencies offer me 40 % of my
            translation rate to "just fix" the machine output, but on bad output fixing takes
            80 % of the time. On good output, fine. You only find out which it is after you've
            accepted the job.
        """,
        replies=[
            Reply(
                author="hiroshi-t",
                hours_later=6,
                helpful=3,
                body="""
                    Never accept post-editing by the word without seeing a sample of the
                    output first. I quote by the hour for it now.
                """,
                replies=[
                    Reply(
                        author="lin-mei",
                        hours_later=10,
                        body="""
                            Tried it this week: asked for a sample, quoted by the hour. The
                            agency agreed without arguing, which makes me wonder what I was
                            leaving on the table before.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="noor-khalil",
        days_ago=10,
        body="""
            New in my inbox: clients who arrive with a generated logo and want me to "just clean
            it up" for a small fee. Half the time the idea underneath is the problem. I now
            offer a short paid review first: one hour, and they choose whether to fix or start
            again.
        """,
        replies=[
            Reply(
                author="lucia-fernandez",
                hours_later=8,
                body="""
                    The paid review is smart. I get the same with book covers. Charging for the
                    diagnosis filters out the people who only wanted it for free.
                """,
            ),
        ],
    ),
    Thread(
        author="kofi-asante",
        days_ago=6.5,
        body='How do you answer a client who asks for a discount because "you use AI anyway"?',
        replies=[
            Reply(
                author="zainab-malik",
                hours_later=3,
                helpful=3,
                body="""
                    "I do, and that's why it's faster and better checked. You pay for the
                    result and for my name on it, not my typing time." Then I stop talking.
                """,
            ),
            Reply(
                author="sam-carter",
                hours_later=5,
                body="""
                    I give them the option: a cheaper version where they get the raw draft and
                    do the checking themselves. Nobody has ever picked it.
                """,
            ),
        ],
    ),
    Thread(
        author="brandon-tate",
        days_ago=1.2,
        held=True,
        body="""
            Great article!! I went from $0 to $12k/month selling prompt packs in 90 days and
            you can too. I put EVERYTHING in my free guide:
            [Prompt Profits](https://www.example.com/prompt-profits). DM me for 50 % off the
            [masterclass](https://www.example.com/masterclass), this week only!
        """,
    ),
]

NOT_EVERYONE = [
    Thread(
        author="liam-obrien",
        days_ago=5.7,
        helpful=6,
        body="""
            Didn't expect a whole article, thank you. Small update: I passed the first
            bookkeeping module last week. Still riding, but fewer evenings.
        """,
        replies=[
            Reply(author="ruth-abernathy", hours_later=2, body="Well done, Liam! One down."),
            Reply(
                author="hannah-krueger",
                hours_later=6,
                helpful=2,
                body="""
                    Congratulations! If you'd like to know what the work is really like day to
                    day, I'm happy to do a video call some time.
                """,
            ),
        ],
    ),
    Thread(
        author="rahul-k",
        days_ago=4,
        body="""
            I agree with most of this, but it's a bit too pessimistic for me. Free learning
            material has never been better than it is now. Plenty of people in my city learned
            to code from YouTube on a phone.
        """,
        replies=[
            Reply(
                author="ben-adler",
                hours_later=2,
                helpful=5,
                body="Free material is great. Free *time* isn't. That's the whole point.",
                replies=[
                    Reply(
                        author="rahul-k",
                        hours_later=5,
                        body="""
                            Fair. I was lucky with my hours when I started. Hours are the real
                            cost, not the course.
                        """,
                    ),
                ],
            ),
        ],
    ),
    Thread(
        author="priya-s",
        days_ago=2.5,
        skills=("ai-ethics",),
        helpful=2,
        body="""
            On platforms paying for training: a few already offer "free courses", but look at
            who they train people for. Usually it's the tasks the platform itself needs done,
            at the rates it sets. Training that makes you less dependent on one platform is
            the kind worth asking for.
        """,
    ),
    Thread(
        author="sam-carter",
        days_ago=0.8,
        held=True,
        body="""
            For anyone who wants free, solid starting points that don't assume a CS degree:

            - [Elements of AI](https://www.elementsofai.com/): what AI can and can't do, no
              maths needed
            - [Google's Machine Learning Crash Course](https://developers.google.com/machine-learning/crash-course)
            - [fast.ai](https://course.fast.ai/), if you can already write a little Python

            All of them work in an hour a day.
        """,
    ),
]

# Article slug: its threads.
DISCUSSIONS = {
    "ai-and-the-gig-economy": ESSAY,
    "four-weeks-of-answers": FOUR_WEEKS,
    "pricing-when-your-client-has-the-same-tools": PRICING,
    "not-everyone-can-retrain": NOT_EVERYONE,
}
