"""Core module: Documentation (what to record after a contact, what never to record,
recording an escalation, when and to whom to report).

See the package docstring for the format and the rules the content follows.
"""

DOCUMENTATION = {
    "slug": "documentation",
    "title": "Documentation",
    "topic": "documentation",
    "summary": (
        "Learn what to write down after each contact, what never to write down, and how to record "
        "and report a concern."
    ),
    "estimated_minutes": 25,
    "pass_mark": 80,
    "objectives": [
        "List what to record after each contact with someone you support.",
        "Describe topics in short, general and respectful words.",
        "Identify what never belongs in your notes.",
        "Record an escalation with facts, actions and who you told.",
        "Know when to report, to whom, and how quickly.",
    ],
    "sections": [
        {
            "heading": "Why we write things down",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>After each contact, you write a short note. This might feel like "
                        "paperwork. But good notes do real work:</p>"
                        "<ul>"
                        "<li><strong>They help the person you support.</strong> If you take time "
                        "off, another peer or your program leader can pick up where you left "
                        "off.</li>"
                        "<li><strong>They help your program leader.</strong> They can see how "
                        "matches are going and spot when someone needs more help.</li>"
                        "<li><strong>They keep the program true to its model.</strong> Notes show "
                        "that support happened the way the program promises.</li>"
                        "<li><strong>They protect you.</strong> A clear note shows what you did "
                        "and when.</li>"
                        "</ul>"
                        "<p>In the study, programs based in hospitals trained their peers on "
                        "documentation. Other programs kept track of every match.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "We offer a new match. We—because we follow our matches, we follow up "
                            "at one to two weeks to make sure that the match has happened. And "
                            "that they're comfortable with it."
                        ),
                        "attribution": "A program leader in the study",
                    },
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "tip",
                        "title": "Write it as if they will read it",
                        "text": (
                            "<p>Write every note as if the person you support might read it one "
                            "day. If you would feel awkward reading it aloud to them, change "
                            "it.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "What to record after a contact",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Use your program's form or contact log. Most notes need only a few "
                        "lines.</p>"
                        "<h3>What to record</h3>"
                        "<ul>"
                        "<li><strong>Date</strong> of the contact.</li>"
                        "<li><strong>Type</strong> of contact: phone call, in person, group "
                        "meeting, text or email.</li>"
                        "<li><strong>How long</strong> it lasted, if your program asks.</li>"
                        "<li><strong>Topics</strong> you talked about, in general words.</li>"
                        "<li><strong>Follow-ups</strong> you agreed on, like the next call.</li>"
                        "<li><strong>Resources or referrals</strong> you shared or made.</li>"
                        "<li><strong>Concerns</strong> you passed to your program leader, and "
                        "when.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>General words, not details</h3>"
                        "<p>Write the topic, not the whole story. Compare these two notes about "
                        "the same call.</p>"
                        '<p><strong>Good:</strong> "Phone call, 30 minutes. Talked about going '
                        "back to work and getting sleep with a new baby. Shared the list of local "
                        'parent groups. Next call Tuesday."</p>'
                        '<p><strong>Too much:</strong> "She says her husband drinks and they '
                        "fight about money. She's probably depressed. Her sister Rosa is no help "
                        'at all."</p>'
                        "<p>The second note shares private family details. It names another "
                        "person. It guesses at a health condition. None of that belongs in a "
                        "note.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "tip",
                        "title": "Topics, not transcripts",
                        "text": (
                            '<p>Ask yourself: "What does the program need to know to support this '
                            'person?" Write that, and stop.</p>'
                        ),
                    },
                },
            ],
        },
        {
            "heading": "What never to record",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<ul>"
                        "<li><strong>Diagnoses.</strong> Do not write a health condition as a "
                        "label, whether it is your guess or something the person said. Your notes "
                        "are not medical records.</li>"
                        "<li><strong>Medical details.</strong> Leave out medicine names, doses and "
                        "test results.</li>"
                        '<li><strong>Your opinions.</strong> Words like "lazy," "difficult," '
                        '"in denial" or "a mess" judge the person. Describe what happened '
                        "instead.</li>"
                        "<li><strong>Other people's details.</strong> Leave out the names and "
                        "stories of family members, friends and other group members.</li>"
                        "<li><strong>Private details you do not need.</strong> Money troubles, "
                        "relationships and legal problems stay out, unless they are part of a "
                        "safety concern.</li>"
                        "<li><strong>Your own feelings about the contact.</strong> Those are "
                        "important. Bring them to your program leader or your debrief, not to the "
                        "note.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "warning",
                        "title": "Keep notes only where your program says",
                        "text": (
                            "<p>Write notes only in your program's system or form. Do not keep "
                            "your own notebook, phone notes or computer files about the people you "
                            "support. Once your note is in, delete any scraps.</p>"
                        ),
                    },
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "Which note would you keep?",
                        "situation": (
                            "<p>You mentor a man whose wife had a lung transplant. On today's "
                            "call, he talked about feeling worn out. He said the new medicine "
                            "schedule is confusing. He also said his brother has not helped at "
                            "all. You suggested he take his questions about the schedule to the "
                            "care team. You shared the program's caregiver resource list. You "
                            "agreed to call again next Monday.</p>"
                        ),
                        "prompt": "Which note is best?",
                        "choices": [
                            (
                                '"Phone call, 25 minutes. Talked about caregiver tiredness and '
                                "keeping track of appointments and schedules. Suggested he take "
                                "his questions about the schedule to the care team. Shared "
                                'caregiver resource list. Next call Monday."'
                            ),
                            (
                                '"Phone call. Husband is burned out and probably depressed. '
                                "Wife's new medicines are confusing him. Brother is useless.\""
                            ),
                            '"Phone call. Talked."',
                        ],
                        "suggested_approach": (
                            "<p>The first note is best. It gives the date and type of contact, the "
                            "topics in general words, the resource, and the next step. It also "
                            "shows that questions about medicine went to the care team.</p>"
                            "<p>The second note guesses at a diagnosis, judges the brother and "
                            "adds detail the program does not need. The third note is too thin. "
                            "Another peer could not pick up from it.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Recording an escalation",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>An escalation is when you pass a concern up to your program leader. "
                        "You might be worried about someone's mood, safety or health. Or there "
                        "might be a boundary or privacy problem.</p>"
                        "<h3>In an urgent situation, act first and write later</h3>"
                        "<p>If someone is in danger, do not stop to write a note. Get help first: "
                        "call 911 for danger right now, or help the person reach 988 for a suicide "
                        "or mental health crisis. Then tell your program leader right away. Write "
                        "your note after that.</p>"
                        "<h3>What to write</h3>"
                        "<ul>"
                        "<li>The date and time of the contact.</li>"
                        "<li>What you saw or heard, in plain facts. Use the person's own words "
                        "only when they explain the concern.</li>"
                        "<li>What you did.</li>"
                        "<li>Who you told, and when.</li>"
                        "<li>What they said would happen next.</li>"
                        "</ul>"
                        "<p>Do not add guesses, labels or your opinions.</p>"
                    ),
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>An example</h3>"
                        "<p>In the study, peer mentors noticed signs of depression in new mothers. "
                        "They told program leaders who were nurses or social workers. A note for a "
                        "contact like that might read:</p>"
                        "<p>\"Phone call, 20 minutes. She said she has felt 'really low' for two "
                        "weeks and cries most days. I said I was concerned and asked if our "
                        "program leader could call her. She agreed. I called program leader Ann at "
                        "3:15 p.m. the same day. Ann said she would call her this evening. Our "
                        'next call is Thursday."</p>'
                        "<p>Notice what the note does not say. It does not name a condition. It "
                        "does not judge. It shows who knew what, and when.</p>"
                    ),
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "Writing up a worrying call",
                        "situation": (
                            "<p>You mentor a mother whose young son has a disability. Near the end "
                            "of today's call she said, \"I'm so tired. I feel like I'm failing "
                            'him, and I have no one to help." You told her you were worried and '
                            "asked if your program leader could check in with her. She said yes. "
                            "You called your program leader, who is a social worker, right after "
                            "the call. The program leader said she would call the mother tomorrow "
                            "morning.</p>"
                        ),
                        "prompt": "How would you write this note?",
                        "choices": [],
                        "suggested_approach": (
                            "<p>A good note might read:</p>"
                            '<p>"Phone call, 35 minutes. Talked about daily caregiving and '
                            "feeling exhausted. Near the end she said, 'I feel like I'm failing "
                            "him, and I have no one to help.' I told her I was worried and asked "
                            "if our program leader could check in. She agreed. I called program "
                            "leader [name] at [time], right after the call. [Name] will call her "
                            'tomorrow morning. Next peer call planned for [day]."</p>'
                            "<p>It records her words because they explain the concern. It records "
                            "what you did, who you told and what happens next. It does not say "
                            "what you think is wrong. If she had said anything about hurting "
                            "herself or her son, you would have followed the crisis steps first: "
                            "911 or 988, then your program leader right away.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "When and to whom to report",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<ul>"
                        "<li><strong>A routine contact:</strong> Write your note soon, while it is "
                        "fresh. Follow your program's deadline.</li>"
                        "<li><strong>A concern that is not an emergency:</strong> For example, the "
                        "person seems low, asks for medical advice, offers you a gift, or you made "
                        "a privacy slip. Tell your program leader the same day, by phone if you "
                        "can. Then write your note.</li>"
                        "<li><strong>An emergency:</strong> Call 911 if someone is in danger right "
                        "now. For a suicide or mental health crisis, help the person reach 988, or "
                        "call 988 yourself for guidance. Then tell your program leader right away. "
                        "Write your note after.</li>"
                        "<li><strong>Someone you cannot reach:</strong> If you cannot reach the "
                        "person after the tries your program asks for, tell your program leader. "
                        "Programs follow up on matches that go quiet.</li>"
                        "<li><strong>A concern about another peer:</strong> If a fellow peer gives "
                        "medical advice, shares private details, or crosses a boundary, tell your "
                        "program leader or affiliate coordinator. You can also report a concern "
                        "through Trellis.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "When we hear about things that are going on out in the field that are "
                            "not true to the model, it's typically from another teacher or mentor "
                            "or trainer in the community who hears about it and calls us."
                        ),
                        "attribution": "A program leader in the study",
                    },
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "Save the numbers now",
                        "text": (
                            "<p>Put these in your phone today: 911, 988, and your program leader's "
                            "phone number. Ask your program leader who to call if they cannot be "
                            "reached.</p>"
                        ),
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>If you forget a note</h3>"
                        "<p>It happens. Write it as soon as you remember. Use the real date of the "
                        "contact, and mark that you wrote it late. Write only what you clearly "
                        "remember. Never change a date or add details to make a note look "
                        "complete.</p>"
                    ),
                },
            ],
        },
    ],
    "questions": [
        {
            "type": "multiple_select",
            "prompt": (
                "Which of these belong in your note after a phone call with someone you mentor? "
                "Choose all that apply."
            ),
            "explanation": (
                "A good note has the date, the type of contact, the topics in general words, "
                "follow-ups and any referrals. Opinions and labels about the person do not belong."
            ),
            "options": [
                {
                    "text": "The date of the call.",
                    "correct": True,
                    "feedback": "Right. Every note needs a date.",
                },
                {
                    "text": "That it was a phone call.",
                    "correct": True,
                    "feedback": "Right. Record the type of contact.",
                },
                {
                    "text": "The plan to call again next week.",
                    "correct": True,
                    "feedback": "Right. Follow-ups help anyone who picks up the match.",
                },
                {
                    "text": 'Your opinion that she is "in denial."',
                    "correct": False,
                    "feedback": "This is a judgment. Leave opinions out of notes.",
                },
                {
                    "text": "That you told your program leader about a concern, and when.",
                    "correct": True,
                    "feedback": "Right. Record referrals and escalations.",
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "A new mother you mentor talked about being tired, going back to work and her "
                "mother-in-law's criticism. Which note is best?"
            ),
            "explanation": (
                "The best note names topics in general words, records the resource and the next "
                "step, and leaves out other people's details and guesses."
            ),
            "options": [
                {
                    "text": (
                        '"Phone call, 30 minutes. Talked about tiredness and going back to work. '
                        'Shared local parent group list. Next call Friday."'
                    ),
                    "correct": True,
                    "feedback": "Yes. It is short, general and useful.",
                },
                {
                    "text": (
                        '"Phone call. Mother-in-law Linda is very critical and makes things worse."'
                    ),
                    "correct": False,
                    "feedback": (
                        "This names and describes another person. Leave other people's details out."
                    ),
                },
                {
                    "text": '"Phone call. Probably has postpartum depression."',
                    "correct": False,
                    "feedback": (
                        "This guesses at a diagnosis. If you are worried, tell your program leader "
                        "and record that you did."
                    ),
                },
                {
                    "text": "Nothing. The call went fine.",
                    "correct": False,
                    "feedback": "Every contact needs a note, even when it goes well.",
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "If the person you mentor tells you their diagnosis, you should write it in your "
                "note so the program has complete records."
            ),
            "explanation": (
                "Peer notes are not medical records. Leave out diagnoses, medicine names and test "
                "results. Your program already has what it needs to match and support the person."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. Diagnoses do not belong in peer notes. Write the topics you talked "
                "about in general words."
            ),
            "feedback_false": "Correct. Leave diagnoses out. Write the topics in general words.",
        },
        {
            "type": "single_choice",
            "prompt": (
                "During a call, the person you support says they want to end their life. What do "
                "you do first?"
            ),
            "explanation": (
                "In an emergency, act first and write later. Get help right away, then tell your "
                "program leader. The note comes after."
            ),
            "options": [
                {
                    "text": "Write a detailed note right away, while it is fresh.",
                    "correct": False,
                    "feedback": "The note can wait. Getting help cannot.",
                },
                {
                    "text": (
                        "Get help now: call 911 if they are in danger right now, or help them "
                        "reach 988. Then tell your program leader right away, and write your note "
                        "after."
                    ),
                    "correct": True,
                    "feedback": "Yes. Safety first, then your program leader, then the note.",
                },
                {
                    "text": "Email your program leader and wait for a reply.",
                    "correct": False,
                    "feedback": "Email is too slow for an emergency. Get help now.",
                },
                {
                    "text": "Bring it up at your next planned call.",
                    "correct": False,
                    "feedback": "This cannot wait. Act right away.",
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "You told your program leader you were worried about a caregiver who sounded worn "
                "out and discouraged. Which escalation note is best?"
            ),
            "explanation": (
                "A good escalation note records facts, the person's words when they explain the "
                "concern, what you did, who you told and when, and what happens next."
            ),
            "options": [
                {
                    "text": (
                        "\"She's clearly depressed and can't cope. Her husband should help more.\""
                    ),
                    "correct": False,
                    "feedback": (
                        "This labels her and judges her husband. Stick to facts and actions."
                    ),
                },
                {
                    "text": (
                        "\"Phone call, 30 minutes. She said, 'Nothing I do is ever enough.' I said "
                        "I was worried and asked if our program leader could call her. She agreed. "
                        'Called program leader Sam at 2 p.m. Sam will call her today."'
                    ),
                    "correct": True,
                    "feedback": "Yes. It is factual and shows who knew what, and when.",
                },
                {
                    "text": '"Phone call. Passed to program leader."',
                    "correct": False,
                    "feedback": "This is too thin. It does not say why, when or what happens next.",
                },
                {
                    "text": "A full word-for-word account of the call.",
                    "correct": False,
                    "feedback": (
                        "Too much detail. Record the words that explain the concern, plus your "
                        "actions."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "It is fine to keep your own notebook at home about the people you support, as "
                "long as you do not show it to anyone."
            ),
            "explanation": (
                "Private notebooks and phone notes can be lost or seen by others. Keep notes only "
                "in your program's system or form, and delete any scraps."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. Personal notes can be lost or found. Use only your program's system."
            ),
            "feedback_false": "Correct. Keep notes only where your program says.",
        },
        {
            "type": "multiple_select",
            "prompt": "Which of these should never go in a contact note? Choose all that apply.",
            "explanation": (
                "Leave out other people's names, your guesses about health conditions and medical "
                "details like medicines and doses. The date and the resources you shared belong in "
                "the note."
            ),
            "options": [
                {
                    "text": "The name of the person's sister, who came up in the call.",
                    "correct": True,
                    "feedback": "Right. Leave out other people's details.",
                },
                {
                    "text": "Your guess about what health condition they might have.",
                    "correct": True,
                    "feedback": "Right. Never write a diagnosis, and never guess one.",
                },
                {
                    "text": "The name and dose of a medicine they mentioned.",
                    "correct": True,
                    "feedback": "Right. Medical details do not belong in peer notes.",
                },
                {
                    "text": "The date of the contact.",
                    "correct": False,
                    "feedback": "The date always belongs in the note.",
                },
                {
                    "text": "That you shared a list of local resources.",
                    "correct": False,
                    "feedback": "Resources you shared belong in the note.",
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "You notice that a fellow group leader often tells members which medicines to "
                "take. Who should you tell?"
            ),
            "explanation": (
                "Concerns about a fellow peer go to your program leader or affiliate coordinator, "
                "or through a concern report in Trellis. In the study, programs often learned "
                "about problems from other peers."
            ),
            "options": [
                {
                    "text": (
                        "Your program leader or affiliate coordinator. You can also report a "
                        "concern in Trellis."
                    ),
                    "correct": True,
                    "feedback": "Yes. They can look into it fairly and support everyone involved.",
                },
                {
                    "text": "The other group members, so they know not to listen.",
                    "correct": False,
                    "feedback": (
                        "This spreads the problem and is unfair to your fellow leader. Go to your "
                        "program leader."
                    ),
                },
                {
                    "text": "No one. It is not your group.",
                    "correct": False,
                    "feedback": "Members could be harmed. Programs count on peers to speak up.",
                },
                {
                    "text": "Post about it in your program's online chat.",
                    "correct": False,
                    "feedback": "A public post is not the right way. Report it privately.",
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "You forgot to write a note for a call last Tuesday. It is now Friday. What should "
                "you do?"
            ),
            "explanation": (
                "Honest records matter more than neat ones. Write it now with the real date, mark "
                "it as late and include only what you clearly remember."
            ),
            "options": [
                {
                    "text": (
                        "Write it now with Tuesday's date, mark that you wrote it late, and "
                        "include only what you clearly remember."
                    ),
                    "correct": True,
                    "feedback": "Yes. This keeps the record honest and useful.",
                },
                {
                    "text": (
                        "Write it now but put Tuesday as the date you wrote it, so it looks on "
                        "time."
                    ),
                    "correct": False,
                    "feedback": "Changing dates makes the record untrue. Mark it as late.",
                },
                {
                    "text": "Skip it. It was just one call.",
                    "correct": False,
                    "feedback": "Every contact needs a note. Late is better than missing.",
                },
                {
                    "text": "Fill in what probably happened, so the note looks complete.",
                    "correct": False,
                    "feedback": "Never add details you do not remember. Write only what you know.",
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "A good rule is to write every note as if the person you support might read it."
            ),
            "explanation": "This rule keeps notes respectful, factual and free of judgment.",
            "answer": True,
            "feedback_true": "Correct. If you would not want them to read it, change it.",
            "feedback_false": (
                "Not quite. Writing as if they might read it keeps your notes respectful and "
                "factual."
            ),
        },
    ],
}
