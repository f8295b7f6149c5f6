"""The follow-ups the editor wrote from the discussion under the essay. They quote what
members said before each was published (see discussion.py)."""

from dataclasses import dataclass

# The essay is moved back to this many days ago if it is more recent, so that its
# discussion can span the weeks the demo describes.
ESSAY_DAYS_AGO = 58


@dataclass(frozen=True, kw_only=True)
class FollowUp:
    slug: str
    title: str
    summary: str
    days_ago: int
    prompt: str
    tags: tuple[tuple[str, str], ...]
    body: str
    # Its place in SERIES, if it is part of it.
    series_position: int | None = None


SERIES = {
    "title": "Adapting, in your words",
    "slug": "adapting-in-your-words",
    "description": "What members answered to the essay's question, gathered and read in order.",
}

COMMUNITY_VOICES = ("Community voices", "community-voices")

FOLLOW_UPS = [
    FollowUp(
        slug="four-weeks-of-answers",
        title="Four weeks of answers: what members are actually doing",
        summary=(
            "We read every answer to the essay's question. Four patterns stood out, and none "
            "of them is “become a prompt engineer”."
        ),
        days_ago=30,
        prompt="Which of these four paths is closest to yours, and what did it cost you?",
        tags=(COMMUNITY_VOICES, ("Skills", "skills"), ("AI", "ai")),
        series_position=1,
        body="""
            A month ago we asked what steps you are taking to adapt your skills for the
            AI-powered gig economy. The answers were more specific, and more varied, than the
            essay's tidy list. Four patterns came up again and again.

            ## From doing the task to judging the output

            Amara Okafor went from copywriting to writing rubrics and grading model answers;
            Tomasz Wójcik from labelling images at three cents each to reviewing other
            annotators. Sam Carter lets a model draft reference docs and spends his hours
            running every example. The common thread: when the first draft becomes cheap, the
            valuable work is deciding whether it is right.

            ## Going narrower, not broader

            Hiroshi Tanaka left general translation for patents. Chloé Dubois left "anything
            for anyone" SEO content for health writing reviewed by clinicians. Fatima Zahra
            Benali and Omar Haddad found that dialects (Darija, Egyptian Arabic) are where
            native speakers still earn a premium. Narrow work is harder to automate and easier
            to price.

            ## Selling the result, not the hours

            Grace Wanjiru turned six years of virtual assistance into a monthly fee for "your
            admin runs itself". Rahul Kulkarni builds dependable automations for bakeries and
            shops, with a person checking whatever the model extracted. Both lost clients in
            the switch and earn more from the ones who stayed.

            ## Protecting what is yours

            Lucía Fernández licenses her illustrations instead of selling all rights, with a
            clause against training models on them. Aylin Demir writes the same into every
            voice contract, and licensed her voice once, on her own terms. Neither is a
            technical skill, and both may matter more than any course.

            What is missing from all four, as Liam O'Brien pointed out in the essay's first
            days, is everyone for whom "learn a new tool" is not an answer at all. That
            deserves its own article, and it will get one.
        """,
    ),
    FollowUp(
        slug="pricing-when-your-client-has-the-same-tools",
        title="Pricing when your client has the same tools",
        summary=(
            "Clients can generate a first draft themselves now. What members charge for "
            "instead, and how they say it."
        ),
        days_ago=16,
        prompt="How have your rates changed since your clients started using AI tools themselves?",
        tags=(("Pricing", "pricing"), ("Independent work", "independent-work"), COMMUNITY_VOICES),
        series_position=2,
        body="""
            Under the essay, the question behind many answers was not "what should I learn?"
            but "what can I still charge for?". Clients have the same tools we do, and some of
            them think that makes our work worth less. Here is what members told us about
            pricing in that market.

            ## Stop pricing the typing

            If your quote is a number of words, hours or images, a client with a chatbot will
            compare it with free. Sam Carter still charges his old rate for documentation, but
            what the client buys is tested examples and interviews with their engineers, not
            pages. Zainab Malik shows one page of her verification log in every proposal, and
            wins twice as many of them.

            ## Price the result, and limit the scope

            Grace Wanjiru's monthly fee starts from what the client used to pay for the hours
            her automations now save, minus enough to make the switch an obvious win. Her
            contract limits the changes per month. As Hannah Krüger, who keeps the books for
            many freelancers, put it: write that limit into the contract, not into an email.

            ## Say how you use the tools, before they ask

            Members who say plainly where AI helps and where their own judgement comes in
            describe fewer arguments about price, not more. "I use it for this, I check that
            myself, and here is how" sounds like a method. "No AI at all" sounds slow; "yes, I
            use ChatGPT" sounds like a reason to pay less.

            ## Know your floor

            The lean months are real. Several members moved up-market and went through months
            of lower income on the way. Put money aside before you raise your rates, not after.

            We would like to hear numbers too, as far as you are comfortable sharing them.
        """,
    ),
    FollowUp(
        slug="not-everyone-can-retrain",
        title="Not everyone can retrain: the limits of “just upskill”",
        summary=(
            "The essay's advice assumes time, money and a laptop. Members who deliver food, "
            "tutor at dawn or are just starting out told us what adapting looks like without them."
        ),
        days_ago=6,
        prompt="What would make adapting possible for people with no time or money to retrain?",
        tags=(("Gig economy", "gig-economy"), COMMUNITY_VOICES),
        body="""
            The essay ends with advice that is hard to disagree with: prioritise continuous
            learning, develop skills that complement AI, build a personal brand. Reading the
            discussion under it, we kept coming back to Liam O'Brien's answer from its first
            days: half the gig economy delivers food and drives cars, and for those workers AI
            is not a tool to learn but the system that sets their pay.

            ## Who has the hours

            Liam studies bookkeeping in the mornings and rides in the evenings. Rosa Dela Cruz
            tutors at six in the morning, does agency admin in the afternoon and annotation at
            weekends, with two children. "Tired but ok" is how she put it. Advice that assumes
            a free evening for an online course is advice for some of us.

            ## The missing first rung

            Park Ji-woo and Noor Khalil described the same loss in two trades: flatting in
            webtoons and the fifty-dollar logo were where beginners learned. Those jobs go
            first, so the people who would have become tomorrow's skilled freelancers have
            nowhere to start. Ji-woo now mentors two juniors for free. That is generous, and it
            is not a system.

            ## What would help

            Members proposed answers that no single freelancer can carry alone:

            - **Transparency about algorithmic pay and ranking**, as Ben Adler argued, so that
              a bad week can be explained and contested.
            - **Platforms paying for the training** they say workers need, since they profit
              from it.
            - **Contracts that protect what is ours**: the no-training and no-cloning clauses
              Lucía Fernández and Aylin Demir now use, shared through guilds and unions.

            Upskilling is part of the answer. It is not all of it, and the essay's question
            deserves answers that start from the people with the least room to adapt.
        """,
    ),
]
