"""The first published code of conduct of each core program, keyed by the program's slug.

Plain text, one blank line between paragraphs (how `CodeOfConduct.text` is shown and signed).
Written at a grade 8 reading level, in the words of the field study behind Trellis
(reference/peer-support-study.txt): peer supporters keep boundaries so they do not get "too
emotionally involved", protect privacy, write short factual notes, never give medical advice
and refer on, tell the program when practice is "not true to the model", and follow the
program's procedures and "a code of conduct that we ask people to sign when they become
trained". Nothing here gives medical advice; it tells the signer where to send people instead.

`seed_demo` publishes these through `conduct_draft` and `conduct_publish`; national staff
change them later by publishing a new version in the Wagtail admin.
"""


def _code(*, role: str, people: str, setting: str, boundaries: str, records: str, model: str):
    """One program's code: the shared promises, in the words of that program's role."""
    paragraphs = [
        f"This code of conduct is for every {role} in our program. It says how we treat "
        f"{people} and each other. Read it with care. When you sign it, you promise to follow "
        "it every time you volunteer. If something here is not clear, ask your coordinator "
        "before you sign.",
        "1. I stay a peer. I share what I have lived through, when it helps the other person. "
        "I listen without judging. I am not a doctor, nurse, counselor or therapist, and I "
        "do not act like one.",
        f"2. I keep healthy boundaries. {boundaries} I do not lend or borrow money, sell "
        "things, or take gifts beyond a small thank-you. I do not start a romantic or business "
        "relationship with someone I support. Caring for others can bring back hard memories. "
        "When it does, I take a break and talk with my coordinator. Taking care of myself is "
        "part of the job.",
        f"3. I keep what people share private. What is said {setting} stays there. I do not "
        "share names, stories or health details with anyone outside the program, and I do "
        "not post about them online. There are limits: if someone may hurt themselves or "
        "someone else, or a child or older adult is being harmed, I tell my program leader "
        "right away. I tell people about these limits at the start.",
        f"4. I write short, factual notes. {records} I write what happened, not my opinions. I "
        "do not write diagnoses, medicines or private details that are not needed. I keep "
        "notes only where the program says, and I never keep copies on my own phone or "
        "computer.",
        "5. I stay within my role and refer on. I never give medical advice. I do not tell "
        "anyone which medicine, dose, diet or treatment to use, or to stop or change one. "
        "When someone asks, I say that is a question for their care team, and I help them "
        "write the question down. When someone seems very low, is in danger, or needs more "
        "than I can give, I bring in my program leader. In a crisis I call 911 or help them "
        "call or text 988.",
        "6. I speak up about concerns. If I see or hear something that is not true to the "
        "model, or that puts someone at risk, I tell my coordinator or report it in Trellis. "
        "I can ask to stay confidential. I do not try to handle a serious problem on my own.",
        f"7. I follow the program model. {model} I keep my training and certification up to "
        "date and sign each new version of this code. If I cannot keep these promises for a "
        "while, I take voluntary leave instead.",
        "I understand that not following this code can lead to more training, an improvement "
        "plan, suspension or decertification. Any such decision follows the program's process, "
        "and I will be told why and have the chance to respond.",
    ]
    return {
        "title": f"{role} code of conduct",
        "text": "\n\n".join(paragraphs),
    }


CODES_OF_CONDUCT = {
    "support-group-facilitator": _code(
        role="Support Group Facilitator",
        people="group members",
        setting="in the group",
        boundaries=(
            "I lead the group during its set meeting times. I do not become a member's "
            "private helper, and I do not meet members alone outside the group for program "
            "business."
        ),
        records=(
            "After each meeting I note the date, how many people came, the topics in general "
            "terms, and any follow-up for my coordinator."
        ),
        model=(
            "I use the meeting guide I was trained on. I open each meeting with the group's "
            "privacy agreement, make room for every voice, and keep the group on its purpose. "
            "I do not add my own programs, products or beliefs."
        ),
    ),
    "peer-mentor": _code(
        role="Peer Mentor",
        people="the people we mentor",
        setting="between me and the person I mentor",
        boundaries=(
            "I keep contact within the hours and ways my program sets, by phone or in "
            "person. I do not give out my home address, and I do not take on more people "
            "than my coordinator matched me with."
        ),
        records=(
            "After each contact I note the date, how we talked, the topics in general terms, "
            "and any follow-up for my coordinator."
        ),
        model=(
            "I support the one person I was matched with, in the way I was trained. I check in "
            "as the program asks and tell my coordinator if the match is not working, so they "
            "can offer a new one."
        ),
    ),
}
