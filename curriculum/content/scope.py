"""Core module: Staying within scope: avoiding medical advice (sharing versus advising,
questions about medicines and treatment, referring to the program leader, crisis steps).

See the package docstring for the format and the rules the content follows.
"""

SCOPE = {
    "slug": "scope",
    "title": "Staying within scope: avoiding medical advice",
    "topic": "scope",
    "summary": (
        "Learn the difference between sharing your experience and giving advice, how to handle "
        "questions about medicines and treatment, and how to get someone professional help or "
        "crisis help."
    ),
    "estimated_minutes": 35,
    "pass_mark": 80,
    "objectives": [
        "Tell the difference between sharing your lived experience and giving medical advice.",
        (
            "Respond to questions about medicines, doses and treatment choices by pointing to the "
            "care team."
        ),
        (
            "Recognize when someone needs more help than a peer can give, and refer them to your "
            "program leader."
        ),
        (
            "Take the right steps in a crisis: call emergency services or a crisis line, and tell "
            "your program leader."
        ),
        "Explain how peer support adds to professional care without replacing it.",
    ],
    "sections": [
        {
            "heading": "Your experience is the gift",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>People in the study said peer support is different from professional "
                        "care. It does not replace care from doctors and nurses. It adds to it. "
                        "Doctors explain the medical side. Peers can share what it is like to live "
                        "through it.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "doctors were very, very good at explaining to me basically what the "
                            "operation would be. They cannot explain to you really what's "
                            "happening after."
                        ),
                        "attribution": "A person who received peer support in the study",
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>What you can share</h3>"
                        "<ul>"
                        "<li>How you felt, and how you coped.</li>"
                        "<li>What daily life was like. In the study, people asked peers things "
                        "like how they managed to take a shower or get out of bed after "
                        "surgery.</li>"
                        "<li>The questions you asked your own care team.</li>"
                        "<li>Resources that helped you, like groups or programs your program "
                        "approves.</li>"
                        "<li>Hope that it is possible to get through this.</li>"
                        "</ul>"
                        "<p>In the study, programs often guided peers on two points: do not judge, "
                        "and do not give medical advice.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "So it's important that we blend those two and that they're well aware "
                            "that that's what we're doing and nothing more."
                        ),
                        "attribution": (
                            "A program leader in the study, on working alongside doctors"
                        ),
                    },
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "tip",
                        "title": "Why this matters",
                        "text": (
                            "<p>Doctors and nurses trust peer programs when peers stay in their "
                            "role. That trust is what lets programs reach more people.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Sharing versus advising",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Sharing is telling your own story. Advising is telling someone what to "
                        "do about their health. The line can be thin. Here is a simple test.</p>"
                        "<ul>"
                        '<li><strong>Sharing</strong> usually sounds like "I" and the past: '
                        '"When I had my surgery, I wrote my questions down before each '
                        'visit."</li>'
                        '<li><strong>Advising</strong> usually sounds like "you should": "You '
                        'should ask for a different treatment."</li>'
                        "</ul>"
                        "<h3>More examples</h3>"
                        "<ul>"
                        '<li><strong>Sharing:</strong> "I felt really tired for weeks. I told my '
                        'nurse, and we talked about it."</li>'
                        "<li><strong>Advising:</strong> \"That tiredness is normal. Don't worry "
                        'about it."</li>'
                        '<li><strong>Sharing:</strong> "I was scared to ask my doctor about side '
                        'effects. Once I did, I felt better."</li>'
                        '<li><strong>Advising:</strong> "Skip the pills on days you feel '
                        'sick."</li>'
                        "</ul>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "Comfort can be advice too",
                        "text": (
                            '<p>Saying "That\'s normal" or "That\'s nothing to worry about" can '
                            "sound kind. But it is still a medical judgment. It could stop someone "
                            "from getting help they need. Instead, say: \"That's a good thing to "
                            'ask your care team about."</p>'
                        ),
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Three questions before you speak</h3>"
                        "<ol>"
                        "<li>Am I talking about my own experience?</li>"
                        "<li>Could what I say change a health choice they make?</li>"
                        "<li>Is this a question for their care team?</li>"
                        "</ol>"
                        "<p>If the answer to the second or third question is yes, point them to "
                        "their care team.</p>"
                    ),
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": '"Has anyone tried this?"',
                        "situation": (
                            "<p>You lead a support group for people with cancer. A newly diagnosed "
                            'member asks, "Has anyone tried that supplement I keep seeing online? '
                            'It says it helps with treatment." Another member jumps in: "I take '
                            "it every day. You should too. It made all the difference for "
                            'me."</p>'
                        ),
                        "prompt": "As the group leader, what would you say?",
                        "choices": [
                            "Say nothing. Members are sharing their experience.",
                            (
                                "Gently step in: thank them for sharing, remind the group that "
                                "questions about supplements and medicines go to each person's "
                                "care team, and suggest writing the question down for the next "
                                "visit."
                            ),
                            "Tell the member who takes the supplement that she is wrong.",
                            "Share your own opinion about whether the supplement works.",
                        ],
                        "suggested_approach": (
                            '<p>The second member meant well. But "You should too" is advice '
                            "about treatment. As leader, your job is to keep the group safe "
                            "without shaming anyone.</p>"
                            "<ul>"
                            "<li>Step in gently: \"Thanks for sharing what's been part of your "
                            "routine. In this group we share our experiences, but questions about "
                            "supplements or medicines are for each person's own care team. They "
                            'know what fits with your treatment."</li>'
                            '<li>Turn to the member who asked: "Would it help to write that '
                            'question down for your next appointment?"</li>'
                            "<li>Do not give your own view on the supplement, either for or "
                            "against.</li>"
                            "<li>If it keeps happening, talk with your program leader.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Questions about medicines and treatment",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>People will ask you about medicines and treatments. It is natural. You "
                        "have been there. But these questions belong with their care team: their "
                        "doctor, nurse or pharmacist. This includes questions like:</p>"
                        "<ul>"
                        '<li>"Should I stop taking this?"</li>'
                        '<li>"How much did you take?"</li>'
                        '<li>"Is this side effect normal?"</li>'
                        '<li>"Which treatment should I choose?"</li>'
                        '<li>"Should I get a second opinion?"</li>'
                        "</ul>"
                        "<p>Never tell someone to start, stop or change a medicine or treatment. "
                        "This is true even if you made that same choice yourself. What was right "
                        "for you may not be right for them.</p>"
                    ),
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>What you can do instead</h3>"
                        "<ul>"
                        "<li><strong>Listen.</strong> Let them say what worries them.</li>"
                        '<li><strong>Name the feeling.</strong> "That sounds really hard."</li>'
                        "<li><strong>Point to the care team.</strong> \"That's a really important "
                        'question for your doctor or pharmacist."</li>'
                        "<li><strong>Help them get ready.</strong> Help them write down their "
                        "questions. You can even practice the conversation together.</li>"
                        "<li><strong>Get backup.</strong> If they cannot reach their care team, "
                        "tell your program leader.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "I think it gave me the confidence to ask questions. If I had a "
                            "question for a physician or somebody providing services for my son I "
                            "feel like I had the conversation once with somebody to maybe "
                            "role-play that, and so it enabled me to continue that as I was "
                            "advocating for services for my son."
                        ),
                        "attribution": "A parent in the study",
                    },
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": '"Should I stop taking it?"',
                        "situation": (
                            "<p>You are a breast cancer survivor and a peer mentor. The woman you "
                            "mentor finished her main treatment. Now she takes a daily medicine. "
                            'She says, "The side effects are awful. I feel terrible all the time. '
                            'You took this too, right? Did you stop? Should I?"</p>'
                        ),
                        "prompt": "What would you say?",
                        "choices": [
                            '"I stopped after a few months and I\'m fine. You could try that."',
                            (
                                '"That sounds really hard. I found side effects hard too, and '
                                "talking to my care team helped. Whether to stop is a question for "
                                "your doctor. Would it help to write down your questions "
                                'together?"'
                            ),
                            '"You have to keep taking it no matter what."',
                        ],
                        "suggested_approach": (
                            '<p>Both "stop" and "you have to keep taking it" are medical '
                            "advice. So is telling her what you did with your own medicine. She "
                            "may take it as a model to follow.</p>"
                            "<ul>"
                            '<li>Start with her feelings: "That sounds really hard."</li>'
                            '<li>Share your experience without the medical decision: "The side '
                            'effects were hard for me too. Talking to my care team helped."</li>'
                            '<li>Point to her care team: "Whether to stop or change anything is a '
                            'question for your doctor."</li>'
                            "<li>Help her get ready. Help her list her side effects and questions. "
                            "Offer to practice what she will say.</li>"
                            "<li>If she cannot get through to her care team, tell your program "
                            "leader.</li>"
                            "<li>Write in your note that you suggested she talk to her care team. "
                            "Do not write the medicine's name.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Noticing when someone needs more help",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Sometimes a person needs more than a peer can give. In the study, peer "
                        "supporters noticed signs of depression in new mothers and in breast "
                        "cancer survivors. They referred these people to their program leaders, "
                        "who were nurses or social workers. The program leaders could then connect "
                        "them to more care.</p>"
                        "<p>You do not need to know what is wrong. You do not need to be sure. "
                        "Your job is to notice, and to pass it on.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "Where ... I feel that my skills are not suitable, that's where I "
                            "report it ... I don't think I'm able to give that person that "
                            "assistance and help that they need, I think it's either pathological "
                            "or something beyond that, ... and that really needs a social worker "
                            "or a psychologist or something to intervene and that's what I do."
                        ),
                        "attribution": "A peer supporter in the study",
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Things that should make you reach out to your program leader</h3>"
                        "<p>This is not a checklist for deciding what is wrong. It is a list of "
                        'things that mean "tell someone."</p>'
                        "<ul>"
                        "<li>The person seems much lower, flatter or more worried than "
                        "before.</li>"
                        "<li>They say they feel hopeless, or like a failure.</li>"
                        "<li>They say they cannot cope.</li>"
                        "<li>They have pulled away from people or stopped doing things they care "
                        "about.</li>"
                        "<li>They mention new or worse physical problems.</li>"
                        "<li>They have stopped going to their appointments.</li>"
                        "<li>You have a gut feeling that something is not right.</li>"
                        "</ul>"
                        "<h3>How to refer</h3>"
                        "<ol>"
                        '<li>Tell the person what you noticed, kindly and without labels. "You '
                        "sound really worn down lately. I'm a bit worried about you.\"</li>"
                        "<li>Say what you would like to do. \"I'd like to ask our program leader, "
                        'who is a nurse, to give you a call. Is that okay?"</li>'
                        "<li>Tell your program leader the same day.</li>"
                        "<li>Write your note.</li>"
                        "<li>Keep up your peer support. A referral is not goodbye.</li>"
                        "</ol>"
                        "<p>If the person says no, you can still tell your program leader that you "
                        "are worried. Let the person know that you will.</p>"
                    ),
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "A new mother who seems low",
                        "situation": (
                            "<p>You give phone support to new mothers for 12 weeks after birth. It "
                            "is week six with one mother. On earlier calls she sounded tired but "
                            "upbeat. Today her voice is flat. She says, \"I cry most days. I don't "
                            "think I'm a good mom. Everyone says this should be the happiest time "
                            'of my life."</p>'
                        ),
                        "prompt": "What would you say or do?",
                        "choices": [
                            (
                                '"It sounds like you have postpartum depression. You should ask '
                                'your doctor for treatment."'
                            ),
                            '"Every new mom feels this way. It will pass."',
                            (
                                "\"Thank you for telling me. That sounds really hard, and you're "
                                "not alone. I'd like our program leader, who is a nurse, to give "
                                'you a call. Is that okay?" Then tell the program leader the same '
                                "day."
                            ),
                            "Wait a few more weeks to see if she feels better.",
                        ],
                        "suggested_approach": (
                            "<p>She trusted you with something hard. Your job is not to name it or "
                            "to fix it. Your job is to make sure a professional hears about "
                            "it.</p>"
                            "<ul>"
                            "<li>Thank her, and let her know she is not alone. You can share "
                            "briefly if you felt low after your own baby, and that asking for help "
                            "was a good step for you.</li>"
                            "<li>Do not label it. Do not tell her it is normal or that it will "
                            "pass. Both are medical judgments.</li>"
                            "<li>Ask if your program leader can call her. Tell your program leader "
                            "the same day, even if she says no.</li>"
                            "<li>If she says anything about harming herself or her baby, follow "
                            "the crisis steps in the next section right away.</li>"
                            "<li>Write your note: what she said, what you did, who you told and "
                            "when.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "In a crisis",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>A crisis is when someone says they want to die, says they might hurt "
                        "themselves or someone else, or is in danger right now. You are not "
                        "expected to handle a crisis alone. You are not expected to judge how "
                        "serious it is. Your job is to connect the person to help, fast.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "warning",
                        "title": "Crisis steps",
                        "text": (
                            "<ol>"
                            "<li><strong>If someone is in danger right now, call "
                            "911.</strong></li>"
                            "<li><strong>If someone is thinking about suicide or is in a mental "
                            "health crisis, connect them with 988.</strong> The 988 Suicide and "
                            "Crisis Lifeline in the US answers calls and texts day and night. You "
                            "can encourage the person to call or text 988. You can stay on the "
                            "line while they do, if you are able. You can also call 988 yourself "
                            "to get guidance.</li>"
                            "<li><strong>Tell your program leader right away.</strong></li>"
                            "<li><strong>Write your note</strong> after the person is connected to "
                            "help.</li>"
                            "</ol>"
                        ),
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Do</h3>"
                        "<ul>"
                        "<li>Stay calm and kind. Tell them you are glad they told you.</li>"
                        "<li>Take what they say seriously.</li>"
                        "<li>Stay with them, or on the phone, until help takes over, if you can do "
                        "so safely.</li>"
                        "</ul>"
                        "<h3>Do not</h3>"
                        "<ul>"
                        "<li>Promise to keep it a secret.</li>"
                        "<li>Try to handle it on your own.</li>"
                        "<li>Try to decide how serious it is.</li>"
                        "<li>Give advice about treatment or medicine.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "Afterward, take care of yourself",
                        "text": (
                            "<p>A crisis call is hard, even when it goes well. Talk it over with "
                            "your program leader. Use your self-care plan. You can ask for time "
                            "off if you need it.</p>"
                        ),
                    },
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "A caller who mentions wanting to hurt herself",
                        "situation": (
                            "<p>You are a support parent. You talk by phone with a mother whose "
                            "daughter has a rare condition. Tonight she sounds different. She "
                            'says, "Some nights I think everyone would be better off without me. '
                            "I've thought about how I'd do it.\"</p>"
                        ),
                        "prompt": "What would you do?",
                        "choices": [
                            "Change the subject to something more hopeful.",
                            (
                                "Tell her you are glad she told you and that you want to get her "
                                "help now. Help her connect with 988, or call 911 if she is in "
                                "danger right now. Then tell your program leader right away."
                            ),
                            (
                                "Tell her about the hardest times in your own life, so she knows "
                                "she is not alone."
                            ),
                            "Promise to keep this between the two of you, so she keeps talking.",
                        ],
                        "suggested_approach": (
                            "<p>She has told you she is thinking about ending her life. This is a "
                            "crisis. Act now.</p>"
                            "<ul>"
                            "<li>Stay calm. Say, \"I'm really glad you told me. I care about you, "
                            'and I want to get you help right now."</li>'
                            "<li>If she is in danger right now, call 911.</li>"
                            "<li>Otherwise, help her connect with 988. Ask if she will call or "
                            "text while you stay on the line. If she will not, you can call 988 "
                            "yourself to get guidance.</li>"
                            "<li>Do not promise secrecy. Do not try to talk her through it on your "
                            "own.</li>"
                            "<li>Tell your program leader right away. Then write your note.</li>"
                            "<li>Afterward, talk with your program leader about how you are "
                            "doing.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
    ],
    "questions": [
        {
            "type": "single_choice",
            "prompt": "Which of these is sharing your experience, not giving medical advice?",
            "explanation": (
                "Talking about what you did to prepare for your own appointments is sharing. "
                "Telling someone what dose to take, that a symptom is normal, or that a diet will "
                "cure them are all medical advice."
            ),
            "options": [
                {
                    "text": (
                        '"I kept a notebook of questions for my appointments. It helped me feel '
                        'less lost."'
                    ),
                    "correct": True,
                    "feedback": (
                        "Yes. This is your own experience, and it points them toward their care "
                        "team."
                    ),
                },
                {
                    "text": '"You should ask for a lower dose. That\'s what I did."',
                    "correct": False,
                    "feedback": (
                        "This tells them what to do about a medicine. That is medical advice."
                    ),
                },
                {
                    "text": '"That pain is normal. Don\'t worry about it."',
                    "correct": False,
                    "feedback": (
                        "Saying a symptom is normal is a medical judgment, even when it is meant "
                        "as comfort."
                    ),
                },
                {
                    "text": '"Try the diet I used. It cured me."',
                    "correct": False,
                    "feedback": (
                        "Recommending a diet as a cure is medical advice. Point them to their care "
                        "team."
                    ),
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "Which of these statements cross the line into medical advice? Choose all that "
                "apply."
            ),
            "explanation": (
                "Telling someone to stop a medicine, saying a symptom is nothing, or suggesting a "
                "dose are all medical advice. Sharing how you got help and helping someone prepare "
                "questions are within your role."
            ),
            "options": [
                {
                    "text": '"You should stop that medicine if it makes you feel sick."',
                    "correct": True,
                    "feedback": "Right. Only their care team can advise on stopping a medicine.",
                },
                {
                    "text": '"That rash is probably nothing."',
                    "correct": True,
                    "feedback": (
                        "Right. This is a medical judgment, even if it is meant to comfort."
                    ),
                },
                {
                    "text": '"When I felt that way, I called my nurse line."',
                    "correct": False,
                    "feedback": "This shares your own experience and points to professional help.",
                },
                {
                    "text": '"Half the dose worked fine for me. Try that."',
                    "correct": True,
                    "feedback": "Right. Never suggest a dose, even based on your own experience.",
                },
                {
                    "text": '"What questions would you like to ask your doctor?"',
                    "correct": False,
                    "feedback": (
                        "This helps them prepare to talk with their care team. That is a great "
                        "peer role."
                    ),
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "A cancer survivor you mentor says her daily medicine's side effects are awful. "
                'She asks, "You took this too. Should I stop?" What is the best response?'
            ),
            "explanation": (
                "Acknowledge her feelings, share your experience without the medical decision, "
                "point her to her care team and help her prepare. Telling her to stop, or to keep "
                "going, is medical advice either way."
            ),
            "options": [
                {
                    "text": '"I stopped after a few months and I\'m fine. You could too."',
                    "correct": False,
                    "feedback": (
                        "Sharing your own decision can sound like advice. What was right for you "
                        "may not be right for her."
                    ),
                },
                {
                    "text": '"You have to keep taking it no matter what."',
                    "correct": False,
                    "feedback": (
                        "This is also medical advice. Only her care team can guide this choice."
                    ),
                },
                {
                    "text": (
                        '"That sounds really hard. Whether to stop is a question for your doctor. '
                        'Would it help to write down your questions together?"'
                    ),
                    "correct": True,
                    "feedback": "Yes. You listen, point her to her care team and help her prepare.",
                },
                {
                    "text": '"I can\'t talk about medicine at all."',
                    "correct": False,
                    "feedback": (
                        "This shuts her down. You can still listen, name her feelings and help her "
                        "prepare to talk with her doctor."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "If you took the same medicine, it is okay to tell someone the dose that worked "
                "for you."
            ),
            "explanation": (
                "Never share or suggest doses. What worked for you may not be safe or right for "
                "someone else. Doses are for the care team."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. Sharing a dose can lead someone to change their own. Point them to "
                "their care team."
            ),
            "feedback_false": "Correct. Doses are always a question for the care team.",
        },
        {
            "type": "single_choice",
            "prompt": (
                "A new mother you support says she cries most days and feels like a bad mom. What "
                "is the best next step?"
            ),
            "explanation": (
                "In the study, peers who noticed signs of depression referred the person to "
                "program leaders who were nurses or social workers. You do not label it or "
                "reassure it away. You pass it on."
            ),
            "options": [
                {
                    "text": "Tell her she has postpartum depression and should get treatment.",
                    "correct": False,
                    "feedback": (
                        "Naming a condition and suggesting treatment is medical advice. Leave that "
                        "to professionals."
                    ),
                },
                {
                    "text": "Tell her every new mom feels this way and it will pass.",
                    "correct": False,
                    "feedback": (
                        "This can stop her from getting help she needs. It is also a medical "
                        "judgment."
                    ),
                },
                {
                    "text": (
                        "Thank her for telling you, ask if your program leader can call her, and "
                        "tell your program leader the same day."
                    ),
                    "correct": True,
                    "feedback": "Yes. You support her and make sure a professional hears about it.",
                },
                {
                    "text": "Wait a few weeks to see if she feels better.",
                    "correct": False,
                    "feedback": "Waiting could delay help. Tell your program leader now.",
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "Someone you support tells you they are thinking about suicide. Which steps are "
                "right? Choose all that apply."
            ),
            "explanation": (
                "Call 911 if they are in danger right now, connect them with 988 and tell your "
                "program leader right away. Never promise secrecy, and never try to decide on your "
                "own how serious it is."
            ),
            "options": [
                {
                    "text": "Call 911 if they are in danger right now.",
                    "correct": True,
                    "feedback": "Right. Immediate danger means 911.",
                },
                {
                    "text": "Help them connect with 988, the Suicide and Crisis Lifeline.",
                    "correct": True,
                    "feedback": "Right. 988 takes calls and texts day and night.",
                },
                {
                    "text": "Tell your program leader right away.",
                    "correct": True,
                    "feedback": "Right. You never handle a crisis alone.",
                },
                {
                    "text": "Promise to keep it between the two of you.",
                    "correct": False,
                    "feedback": "Never promise secrecy when someone's safety is at risk.",
                },
                {
                    "text": "Decide on your own whether it is serious enough to tell anyone.",
                    "correct": False,
                    "feedback": (
                        "It is not your job to judge how serious it is. Get help every time."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "You need to be sure that someone is depressed before you tell your program leader "
                "you are worried about them."
            ),
            "explanation": (
                "You do not need to be sure, and you should not try to decide what is wrong. "
                "Noticing and passing it on is your job. Professionals take it from there."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. A worry or a gut feeling is enough. Your program leader will take it "
                "from there."
            ),
            "feedback_false": (
                "Correct. Your job is to notice and tell, not to decide what is wrong."
            ),
        },
        {
            "type": "single_choice",
            "prompt": (
                'In the group you lead, one member tells another, "You should take the supplement '
                'I take. It made all the difference." What should you do?'
            ),
            "explanation": (
                "As leader, gently steer the group back to sharing experiences, and point "
                "questions about supplements and medicines to each person's care team. Do not "
                "shame anyone or add your own opinion."
            ),
            "options": [
                {
                    "text": "Let it go. Members are just sharing.",
                    "correct": False,
                    "feedback": (
                        '"You should take" is advice about treatment. As leader, step in gently.'
                    ),
                },
                {
                    "text": (
                        "Thank her for sharing, and remind the group that questions about "
                        "supplements and medicines go to each person's care team."
                    ),
                    "correct": True,
                    "feedback": "Yes. You keep the group safe without shaming anyone.",
                },
                {
                    "text": "Tell her in front of the group that she is wrong.",
                    "correct": False,
                    "feedback": (
                        "This could embarrass her and hurt the group's trust. Step in gently."
                    ),
                },
                {
                    "text": "Share your own view on whether the supplement works.",
                    "correct": False,
                    "feedback": (
                        "Your view, for or against, would also be advice. Point to the care team."
                    ),
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                'On a call, a mother you support says, "Some nights I think everyone would be '
                'better off without me." What should you do first?'
            ),
            "explanation": (
                "These words can mean she is thinking about suicide. Take them seriously and get "
                "help now: 911 if she is in danger right now, 988 for a suicide or mental health "
                "crisis, and your program leader right away."
            ),
            "options": [
                {
                    "text": "Change the subject to something more hopeful.",
                    "correct": False,
                    "feedback": (
                        "Changing the subject can leave her alone with these thoughts. Take them "
                        "seriously."
                    ),
                },
                {
                    "text": (
                        "Tell her you are glad she told you, help her connect with 988 (or call "
                        "911 if she is in danger right now), and tell your program leader right "
                        "away."
                    ),
                    "correct": True,
                    "feedback": "Yes. You take her seriously and connect her to help fast.",
                },
                {
                    "text": "Tell her about your own hardest times at length.",
                    "correct": False,
                    "feedback": "Your story can wait. Right now she needs to be connected to help.",
                },
                {
                    "text": "Plan to talk about it more at your next call.",
                    "correct": False,
                    "feedback": "This cannot wait. Get help now.",
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                'A woman facing breast surgery asks you, "Which surgery should I choose? What did '
                'you pick?" What is the best response?'
            ),
            "explanation": (
                "You can share what making the choice felt like and help her prepare questions for "
                "her surgeon. Telling her what to choose, or steering her with your own choice, is "
                "medical advice."
            ),
            "options": [
                {
                    "text": "Tell her what you chose and why it is the better option.",
                    "correct": False,
                    "feedback": (
                        "This steers her treatment choice. Her surgeon knows her situation."
                    ),
                },
                {
                    "text": (
                        "Share what making the decision felt like for you, and help her list "
                        "questions for her surgeon."
                    ),
                    "correct": True,
                    "feedback": (
                        "Yes. You offer your experience and help her talk with her care team."
                    ),
                },
                {
                    "text": "Refuse to talk about surgery at all.",
                    "correct": False,
                    "feedback": (
                        "You can talk about feelings, daily life and questions to ask. Just do not "
                        "tell her what to choose."
                    ),
                },
                {
                    "text": "Send her articles you found online that compare the options.",
                    "correct": False,
                    "feedback": (
                        "This still steers her choice, and the information may not fit her. Point "
                        "her to her care team."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "Peer support is meant to add to care from doctors and nurses, not to replace it."
            ),
            "explanation": (
                "People in the study described peer support as different from professional care "
                "and as adding to it. Peers share lived experience. Professionals give medical "
                "care."
            ),
            "answer": True,
            "feedback_true": (
                "Correct. You bring lived experience. The care team brings medical care. Both "
                "matter."
            ),
            "feedback_false": (
                "Not quite. Peer support works alongside professional care. It never takes its "
                "place."
            ),
        },
    ],
}
