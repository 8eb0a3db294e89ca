"""What a review card shows on the phone and how its answer is judged: the same data for both, so the page's
instant feedback (given offline too) and the server's judgement, which is the one stored, agree.

- a question: its stem and options (single, multiple, true/false) or a blank (fill-in, a number);
- a key fact: its question and four answers, the right one and three of the module's other facts' answers;
- a quick reply: a customer's message it answers; the agent types its shortcut (as in the drill's recognition mode).
"""

import random
from dataclasses import dataclass, field

import sqlalchemy as sa

from lms.domain import scoring
from lms.extensions import db
from lms.models import CardKind, CustomerMessage, Module, ModuleFact, QuickReply, ReviewCard

#: Answers shown with a fact: the right one and this many others.
FACT_DISTRACTORS = 3


@dataclass(frozen=True)
class CardView:
    """One card as the session page shows it."""

    card: ReviewCard
    #: ``single``, ``multiple``, ``truefalse`` (tap), ``text`` (type: fill-in, number, shortcut), ``fact`` (tap).
    mode: str
    prompt: str
    #: A question's content (its texts are rendered by its own format), else None.
    question: dict | None = None
    #: (value sent, label, right) per option, in the order shown.
    options: list[tuple[str, str, bool]] = field(default_factory=list)
    #: For ``text``: answers accepted (normalised as lms.domain.scoring does) and number ranges.
    accepted: dict = field(default_factory=dict)
    #: The right answer as shown after answering, and a line more (the explanation, or the reply's text).
    right: str = ""
    note: str = ""
    #: Where it comes from: (module slug, section position or None, module title, section title or "").
    source: tuple[str, int | None, str, str] | None = None
    #: For a reply: the shortcut and title of the reply.
    reply: QuickReply | None = None


def _question_view(card: ReviewCard, modules: dict[int, Module]) -> CardView:
    assert card.question and card.question.current, "views() passes questions with content"
    content = card.question.current.content
    kind = content["type"]
    source = _module_source(modules.get(card.module_id or 0))
    if kind in ("single", "multiple"):
        weights = scoring.option_weights(content)
        options = [(str(i), o["text"], weights[i] > 0) for i, o in enumerate(content["options"])]
        # in an order of its own, fixed per card: banks often list the right option first and leave shuffling to papers
        random.Random(card.id).shuffle(options)  # noqa: S311 (an order to show, not a secret)
        right = "；".join(label for _, label, is_right in options if is_right)
        return CardView(
            card,
            kind,
            content["text"],
            content,
            options,
            right=right,
            note=content.get("explanation", ""),
            source=source,
        )
    if kind == "truefalse":
        options = [("true", "", content["answer"] is True), ("false", "", content["answer"] is False)]
        return CardView(
            card, kind, content["text"], content, options, note=content.get("explanation", ""), source=source
        )
    accepted: dict[str, list]
    if kind == "numerical":
        ranges = [
            _range(entry) for entry in scoring.numerical_entries(content) if float(entry.get("weight", 100)) >= 100
        ]
        accepted = {"texts": [], "ranges": ranges}
    else:
        accepted = {
            "texts": [scoring.normalise(t) for t, weight in scoring.accepted_answers(content) if weight >= 100],
            "ranges": [],
        }
    right = str(scoring.model_answer(content))
    return CardView(
        card,
        "text",
        content.get("text", ""),
        content,
        accepted=accepted,
        right=right,
        note=content.get("explanation", ""),
        source=source,
    )


def _range(entry: dict) -> list[float]:
    """A numerical entry as [low, high]."""
    if "range" in entry:
        return [float(entry["range"][0]), float(entry["range"][1])]
    tolerance = float(entry.get("tolerance", 0))
    return [float(entry["answer"]) - tolerance, float(entry["answer"]) + tolerance]


def _module_source(module: Module | None) -> tuple[str, int | None, str, str] | None:
    return (module.slug, None, module.title, "") if module else None


def _fact_options(card: ReviewCard, fact: ModuleFact, answers: dict[int, list[str]]) -> list[tuple[str, str, bool]]:
    """The right answer and others of the same module (then of any), in an order fixed per card."""
    shuffler = random.Random(card.id)  # noqa: S311 (an order to show, not a secret)
    others = [a for a in answers.get(fact.module_id, []) if a != fact.answer]
    pool = sorted({a for found in answers.values() for a in found} - {fact.answer, *others})
    picked = shuffler.sample(others, min(FACT_DISTRACTORS, len(others)))
    picked += shuffler.sample(pool, min(FACT_DISTRACTORS - len(picked), len(pool)))
    labels = [fact.answer, *picked]
    shuffler.shuffle(labels)
    return [(label, label, label == fact.answer) for label in labels]


def views(cards: list[ReviewCard]) -> list[CardView]:
    """The cards as the page shows them, in a fixed number of queries (a card whose question or reply is gone is left
    out)."""
    module_ids = {c.module_id for c in cards if c.module_id}
    modules = (
        {m.id: m for m in db.session.scalars(sa.select(Module).where(Module.id.in_(module_ids)))} if module_ids else {}
    )
    answers: dict[int, list[str]] = {}
    if any(c.kind == CardKind.FACT for c in cards):
        for module_id, answer in db.session.execute(sa.select(ModuleFact.module_id, ModuleFact.answer)):
            answers.setdefault(module_id, []).append(answer)
    messages = prompts([c.quick_reply for c in cards if c.quick_reply])
    shown = []
    for card in cards:
        if card.kind == CardKind.QUESTION and card.question and card.question.current:
            shown.append(_question_view(card, modules))
        elif card.kind == CardKind.FACT and card.fact:
            fact = card.fact
            section = fact.section
            source = (
                fact.module.slug,
                section.position if section else None,
                fact.module.title,
                section.title if section else "",
            )
            shown.append(
                CardView(
                    card,
                    "fact",
                    fact.prompt,
                    options=_fact_options(card, fact, answers),
                    right=fact.answer,
                    source=source,
                )
            )
        elif card.kind == CardKind.REPLY and card.quick_reply:
            reply = card.quick_reply
            message, shortcuts = messages.get(reply.slug, (reply.title, [reply.shortcut]))
            accepted = {"texts": [scoring.normalise(s) for s in shortcuts], "ranges": []}
            shown.append(
                CardView(card, "text", message, accepted=accepted, right=reply.shortcut, note=reply.text, reply=reply)
            )
    return shown


def prompts(replies: list[QuickReply]) -> dict[str, tuple[str, list[str]]]:
    """For each reply (by slug): the first customer message it answers and the shortcuts accepted for that message."""
    if not replies:
        return {}
    shortcuts = dict(db.session.execute(sa.select(QuickReply.slug, QuickReply.shortcut)).all())
    found: dict[str, tuple[str, list[str]]] = {}
    wanted = {r.slug for r in replies}
    for message in db.session.scalars(
        sa.select(CustomerMessage).where(CustomerMessage.active.is_(True)).order_by(CustomerMessage.id)
    ):
        for slug in set(message.replies) & wanted - set(found):
            found[slug] = (message.text, [shortcuts[s] for s in message.replies if s in shortcuts])
    return found


def judge(view: CardView, answer: str) -> bool:
    """Whether ``answer`` (as the page sends it: option values, comma-separated; or the text typed) is right."""
    if view.question is not None and view.mode in ("single", "multiple", "truefalse"):
        given: object
        if view.mode == "single":
            given = int(answer) if answer.isdecimal() else None
        elif view.mode == "multiple":
            given = [int(part) for part in answer.split(",") if part.isdecimal()]
        else:
            given = {"true": True, "false": False}.get(answer)
        return scoring.score(view.question, given) >= 1
    if view.card.kind == CardKind.QUESTION:
        return view.question is not None and scoring.score(view.question, answer) >= 1
    if view.mode == "fact":
        return scoring.normalise(answer) == scoring.normalise(view.right)
    return scoring.normalise(answer) in view.accepted.get("texts", [])
