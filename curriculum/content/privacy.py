"""Core module: Privacy and confidentiality (groups and one-to-one, sharing with program staff,
limits when someone is at risk, phone and email habits, what to do after a slip).

See the package docstring for the format and the rules the content follows.
"""

PRIVACY = {
    "slug": "privacy",
    "title": "Privacy and confidentiality",
    "topic": "privacy",
    "summary": (
        "Learn what to keep private in groups and one-to-one, what you can share with program "
        "staff, and when safety comes before privacy."
    ),
    "estimated_minutes": 30,
    "pass_mark": 80,
    "objectives": [
        "Explain what is confidential in a support group and in one-to-one peer support.",
        "Describe what you can share with program staff, and why.",
        "Recognize the limits of confidentiality when someone may be at risk of harm.",
        "Use safe habits for phone calls, voicemail, texts and email.",
        "Take the right steps after a privacy slip, whether it is yours or a fellow peer's.",
    ],
    "sections": [
        {
            "heading": "What is private, and why it matters",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>People tell peers things they do not tell anyone else. Many people "
                        "with a health condition feel judged or left out. They will only open up "
                        "if they trust that you will keep what they say private.</p>"
                        "<p>In the study, programs based in hospitals trained their peers on "
                        "patient privacy. Every peer needs these skills, wherever they work.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": "a lot of people will dismiss me because I have an illness.",
                        "attribution": "A person who received peer support in the study",
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>What counts as private</h3>"
                        "<ul>"
                        "<li>A person's name and contact details.</li>"
                        "<li>The fact that they come to a group or have a peer mentor.</li>"
                        "<li>Their health condition, or their family member's condition.</li>"
                        "<li>Anything they tell you about their life, family, work or money.</li>"
                        "<li>What anyone says in a group.</li>"
                        "</ul>"
                        "<p>Even the fact that someone is in the program is private. If a friend "
                        'asks, "Is Maria in your group?" the answer is, "I can\'t say who comes '
                        'to our group."</p>'
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "tip",
                        "title": "A simple rule",
                        "text": (
                            "<p>If you learned it because of your peer role, it is private. Keep "
                            "it inside the program.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "In a group and one-to-one",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<h3>In a support group</h3>"
                        "<p>At the start of each meeting, remind the group of its privacy "
                        'agreement. It often sounds like this: "What is said here stays here. Who '
                        'we see here stays here."</p>'
                        "<p>Be honest about the limits. You can ask everyone to keep things "
                        'private. You cannot control what every member does. You can say, "We all '
                        'agree to keep this private. Share what feels safe for you."</p>'
                        "<p>If a member starts to share another person's story, gently steer them "
                        'back: "Let\'s keep to our own stories."</p>'
                        "<h3>One-to-one</h3>"
                        "<p>In one-to-one support, what the person tells you stays between you and "
                        "the program. At your first contact, explain who else might hear about "
                        "your talks. Usually that is your program leader. Also explain the limits "
                        "of privacy, which you will learn about below. Then there are no surprises "
                        "later.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "There's really not much that you can say that will shock us. And it's "
                            "okay to talk about anything. ... It's extremely powerful."
                        ),
                        "attribution": "A program leader in the study",
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Outside the program</h3>"
                        "<ul>"
                        "<li>If you see a member or the person you mentor in public, let them "
                        "decide whether to say hello.</li>"
                        "<li>If they do greet you and someone asks how you know each other, keep "
                        'it simple: "We met through a volunteer thing."</li>'
                        "<li>Do not bring up anything they told you in a place where others can "
                        "hear.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "A worried husband calls",
                        "situation": (
                            "<p>You are a peer mentor for new mothers. One evening, the husband of "
                            "a mother you support calls you. He says, \"I'm worried about my wife. "
                            'What has she been telling you? Is she okay?"</p>'
                        ),
                        "prompt": "What would you say?",
                        "choices": [
                            "Tell him what she has shared, since he is family and wants to help.",
                            (
                                "Thank him for caring, explain that you keep what people share "
                                "private, encourage him to talk with her, and tell your program "
                                "leader about the call."
                            ),
                            "Hang up, since you are not allowed to talk to him.",
                        ],
                        "suggested_approach": (
                            "<p>His worry is real. But what his wife tells you belongs to her.</p>"
                            "<ul>"
                            '<li>Be kind: "I can hear you care about her a lot."</li>'
                            '<li>Be clear: "I keep what people share with me private. That '
                            "includes family. I'd encourage you to talk with her directly.\"</li>"
                            "<li>Do not confirm or deny what she has said, even if he "
                            "guesses.</li>"
                            "<li>If he says she might be in danger right now, tell him to call "
                            "911.</li>"
                            "<li>Tell your program leader about the call. If you are worried about "
                            "the mother, your program leader can follow up with her.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "What you can share with program staff",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Keeping things private does not mean keeping them from your program. "
                        "Your program leader and the program's staff are part of the team. They "
                        "need some information to support the person and to support you.</p>"
                        "<h3>Share with your program leader</h3>"
                        "<ul>"
                        "<li>Any worry about the person's safety or health.</li>"
                        "<li>Times when the person needs more help than a peer can give.</li>"
                        "<li>Boundary problems, like gifts, money or a dual relationship.</li>"
                        "<li>Privacy slips, yours or anyone else's.</li>"
                        "<li>How the work is affecting you.</li>"
                        "</ul>"
                        "<h3>Share only what is needed</h3>"
                        "<p>Give enough detail for your program leader to act. Leave out private "
                        "details that do not matter for the concern.</p>"
                    ),
                },
                {
                    "type": "text",
                    "value": (
                        "<p>In the study, peer supporters noticed signs of depression in new "
                        "mothers and breast cancer survivors. They told their program leaders, who "
                        "were nurses or social workers. The program leaders could then help the "
                        "person get more care. This is not a breach of privacy. It is how peer "
                        "support and professional care work together.</p>"
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
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "Not your family, not your friends",
                        "text": (
                            "<p>Program staff are the only people you share with. Do not share "
                            "details with your own family, friends or other members. Do not share "
                            "them with other peers, except in a supervision meeting or debrief "
                            "that your program runs.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "When safety comes first",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Privacy has limits. Safety comes first when:</p>"
                        "<ul>"
                        "<li>Someone says they might hurt or kill themselves.</li>"
                        "<li>Someone says they might hurt another person.</li>"
                        "<li>You are worried that a child, or an adult who depends on others, is "
                        "being harmed or neglected.</li>"
                        "<li>Someone is in danger right now.</li>"
                        "</ul>"
                        "<p>In these moments, you must get help, even if the person asks you not "
                        "to. You do not need to be sure how serious it is. That is not your job. "
                        "Your job is to pass it on quickly.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "warning",
                        "title": "What to do",
                        "text": (
                            "<ol>"
                            "<li>If someone is in danger right now, call 911.</li>"
                            "<li>If someone is thinking about suicide or is in a mental health "
                            "crisis, they can call or text 988, the Suicide and Crisis Lifeline in "
                            "the US. You can call 988 too, to get guidance.</li>"
                            "<li>Tell your program leader right away.</li>"
                            "</ol>"
                            "<p>Laws about reporting harm to a child or an adult who depends on "
                            "others differ from state to state. Your program leader will know what "
                            "the law requires. Do not try to look into it yourself.</p>"
                        ),
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Never promise to keep a secret</h3>"
                        '<p>Sometimes a person asks, "Can you promise not to tell anyone?" Do '
                        'not make that promise. Instead, say something like: "Most of what you '
                        "tell me stays private. But if I'm worried about your safety or someone "
                        "else's, I'll need to tell my program leader so we can get help.\" This is "
                        "honest. It also lets the person decide what to share.</p>"
                    ),
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": '"Promise you won\'t tell anyone"',
                        "situation": (
                            "<p>You are on a call with a cancer survivor you mentor. She goes "
                            "quiet, then says, \"There's something I need to tell you. But first "
                            "you have to promise you won't tell anyone. Not even your boss.\"</p>"
                        ),
                        "prompt": "What would you say?",
                        "choices": [
                            '"I promise. You can trust me."',
                            (
                                "\"I can't promise that. Most of what you tell me stays private. "
                                "But if I'm worried about your safety or someone else's, I'll need "
                                'to tell my program leader so we can get help."'
                            ),
                            '"Then please don\'t tell me."',
                        ],
                        "suggested_approach": (
                            "<p>Do not promise. If she then tells you something that puts someone "
                            "at risk, you would have to break your promise. That would hurt her "
                            "trust more.</p>"
                            "<ul>"
                            "<li>Explain the limits kindly and clearly.</li>"
                            "<li>Let her know you still want to hear it: \"I'm here and I'm "
                            'listening."</li>'
                            "<li>If what she shares is about safety, follow the steps above: 911 "
                            "for danger right now, 988 for a suicide or mental health crisis, and "
                            "your program leader right away.</li>"
                            "<li>If it is not about safety, keep it private as usual.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Phones, email and other people's stories",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Much peer support happens by phone and email. In the study, one "
                        "program served rural counties far from the city. It did a lot of its "
                        "contact by phone. Here are habits that keep those contacts private.</p>"
                        "<h3>Phone calls and voicemail</h3>"
                        "<ul>"
                        "<li>Make calls from a private place where others cannot hear.</li>"
                        "<li>Make sure you are talking to the right person before you say anything "
                        "private.</li>"
                        "<li>On voicemail, leave only your first name and a call-back number. Do "
                        "not name the program or the health condition unless the person has told "
                        "you it is okay.</li>"
                        "</ul>"
                        "<h3>Texts and email</h3>"
                        "<ul>"
                        "<li>Use the phone number, email or app your program approves.</li>"
                        "<li>Keep health details out of texts and emails. Use them to set up "
                        "calls.</li>"
                        "<li>Do not put names or health details in an email subject line.</li>"
                        "<li>When you email a group, hide everyone's address, or use your "
                        "program's tool.</li>"
                        "<li>Do not forward a person's message to anyone outside the program.</li>"
                        "<li>Lock your phone and computer with a passcode.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Your story and other people's stories</h3>"
                        "<p>Your own story is yours to share. Other people's stories are not. Do "
                        "not share what a member or the person you mentor told you, even without "
                        "names. In a small town or a small group, a few details can point to one "
                        "person. The only place to talk it over is with your program leader, in "
                        "supervision or a debrief.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "tip",
                        "title": "A quick check",
                        "text": (
                            "<p>Before you share anything about someone else, ask yourself: "
                            '"Would they be okay hearing me say this?" If the answer is no, or '
                            "you are not sure, do not share it.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "After a slip",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Everyone makes mistakes. You might send a text to the wrong person. "
                        "You might say a name out loud in a public place. What matters most is "
                        "what you do next.</p>"
                        "<ol>"
                        "<li><strong>Stop.</strong> Do not make it worse. Do not try to cover it "
                        "up.</li>"
                        "<li><strong>Tell your program leader</strong> the same day. Be honest "
                        "about what happened.</li>"
                        "<li><strong>Follow their steps.</strong> Your program leader will decide "
                        "whether and how to tell the person. They may ask you to write down what "
                        "happened.</li>"
                        "<li><strong>Learn from it.</strong> Think about what you can change, like "
                        "checking the name before you press send.</li>"
                        "</ol>"
                    ),
                },
                {
                    "type": "text",
                    "value": (
                        "<p>Sometimes the slip is not yours. You might see a fellow peer share "
                        "private details or post about a member online. Programs depend on peers "
                        "to speak up. In the study, program leaders often learned about problems "
                        "from other peers.</p>"
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
                    "type": "scenario",
                    "value": {
                        "title": "A post about a group member",
                        "situation": (
                            "<p>You co-lead a support group with another volunteer. On social "
                            'media, you see that your co-leader posted: "So proud of one of my '
                            'group ladies who finally left her husband this week!" The post '
                            "includes a photo from the group's holiday party. You can see the "
                            "member's face.</p>"
                        ),
                        "prompt": "What would you do?",
                        "choices": [
                            "Like the post. Your co-leader means well.",
                            "Leave a public comment telling your co-leader to take it down.",
                            (
                                "Ask your co-leader privately to take the post down, and tell your "
                                "program leader."
                            ),
                            "Do nothing. It is not your post.",
                        ],
                        "suggested_approach": (
                            "<p>This post shares a member's private life and shows her face. It "
                            "could also put her safety at risk.</p>"
                            "<ul>"
                            "<li>Do not like, share or comment on it.</li>"
                            "<li>If you feel comfortable, contact your co-leader privately and ask "
                            "them to take it down now.</li>"
                            "<li>Tell your program leader either way. They will decide how to talk "
                            "with the member and the co-leader. You can also report a concern "
                            "through Trellis.</li>"
                            "<li>Speaking up is not disloyal. It protects the member, and it "
                            "protects the group's trust.</li>"
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
            "prompt": (
                "The husband of a new mother you mentor calls and asks what she has been telling "
                "you. What is the best response?"
            ),
            "explanation": (
                "What a person shares with you belongs to them, even when family asks out of love. "
                "You can be kind to him without sharing anything, and your program leader can "
                "follow up."
            ),
            "options": [
                {
                    "text": "Tell him the main points, since he is family and wants to help.",
                    "correct": False,
                    "feedback": (
                        "Family members are not part of the program. Sharing would break her trust."
                    ),
                },
                {
                    "text": (
                        "Thank him for caring, explain that you keep what people share private, "
                        "encourage him to talk with her, and tell your program leader."
                    ),
                    "correct": True,
                    "feedback": "Yes. You are kind and clear, and you keep her privacy.",
                },
                {
                    "text": "Say you cannot confirm she is in the program, then hang up.",
                    "correct": False,
                    "feedback": (
                        "Being careful is right, but hanging up on a worried husband is unkind. "
                        "You can keep her privacy and still be warm."
                    ),
                },
                {
                    "text": "Tell him she seems fine so he will not worry.",
                    "correct": False,
                    "feedback": "This still shares information about her. It may also be untrue.",
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "Which of these are private and should stay inside the program? Choose all that "
                "apply."
            ),
            "explanation": (
                "A person's name, the fact that they come to the group, their condition and what "
                "they say are all private. The meeting time that the program itself publishes is "
                "public information."
            ),
            "options": [
                {
                    "text": "The name of a member of your group.",
                    "correct": True,
                    "feedback": "Right. Names are private.",
                },
                {
                    "text": "The fact that someone comes to your group.",
                    "correct": True,
                    "feedback": "Right. Even being in the program is private.",
                },
                {
                    "text": "The health condition of the person you mentor.",
                    "correct": True,
                    "feedback": "Right. Health details are private.",
                },
                {
                    "text": "The meeting time that your program posts on its public website.",
                    "correct": False,
                    "feedback": "This is public information the program shares on purpose.",
                },
                {
                    "text": "Something a member said during group.",
                    "correct": True,
                    "feedback": "Right. What is said in group stays in group.",
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "Telling your program leader that you are worried about someone you support is a "
                "breach of confidentiality."
            ),
            "explanation": (
                "Your program leader is part of the team. In the study, peers told program "
                "leaders, who were nurses or social workers, when they noticed signs of "
                "depression, so the person could get more care."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. Sharing a concern with program staff is part of your role. Just share "
                "what is needed."
            ),
            "feedback_false": (
                "Correct. Your program leader is part of the team. Telling them a worry is how "
                "people get the help they need."
            ),
        },
        {
            "type": "single_choice",
            "prompt": (
                "Before she shares something, the woman you mentor asks you to promise not to tell "
                "anyone, not even your program leader. What should you say?"
            ),
            "explanation": (
                "Never promise total secrecy. Explaining the limits up front is honest. It lets "
                "the person choose what to share and protects their trust."
            ),
            "options": [
                {
                    "text": '"I promise. Whatever you say stays with me."',
                    "correct": False,
                    "feedback": (
                        "If what she tells you is about safety, you would have to break this "
                        "promise."
                    ),
                },
                {
                    "text": (
                        "\"Most of what you tell me stays private. But if I'm worried about your "
                        "safety or someone else's, I'll need to tell my program leader so we can "
                        'get help."'
                    ),
                    "correct": True,
                    "feedback": "Yes. This is honest and kind, and she can decide what to share.",
                },
                {
                    "text": "\"Then I'd rather you didn't tell me.\"",
                    "correct": False,
                    "feedback": (
                        "This can shut her down when she may need help. Explain the limits instead."
                    ),
                },
                {
                    "text": 'Say "okay" and decide later whether to tell anyone.',
                    "correct": False,
                    "feedback": (
                        "Agreeing now and telling later would feel like betrayal. Be clear at the "
                        "start."
                    ),
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "You call a new mother in the program and get her voicemail. Which message is best?"
            ),
            "explanation": (
                "Others may hear a voicemail. Your first name and a number are enough. Leave out "
                "the program and any health details unless she has said it is okay."
            ),
            "options": [
                {
                    "text": (
                        "\"Hi, this is Dana from the new moms support program. I'm following up on "
                        "how you've been feeling since last week.\""
                    ),
                    "correct": False,
                    "feedback": (
                        "This shares the program and a personal detail. Someone else could hear it."
                    ),
                },
                {
                    "text": '"Hi, this is Dana. Please call me back at 555-0142. Thanks!"',
                    "correct": True,
                    "feedback": "Yes. It is short and friendly, and it shares nothing private.",
                },
                {
                    "text": "Leave no message, and call back every hour until she answers.",
                    "correct": False,
                    "feedback": (
                        "Calling over and over can feel like pressure, and others may notice. A "
                        "short message is better."
                    ),
                },
                {
                    "text": "Send a text with a summary of what you wanted to talk about.",
                    "correct": False,
                    "feedback": (
                        "Keep personal details out of texts. Use texts only to set up a call."
                    ),
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "Which of these are safe habits for email and texting? Choose all that apply."
            ),
            "explanation": (
                "Use program-approved accounts, hide addresses in group emails, keep health "
                "details out of subject lines and lock your devices. Forwarding someone's message "
                "to another member shares their private words."
            ),
            "options": [
                {
                    "text": "Use the email or app your program approves.",
                    "correct": True,
                    "feedback": "Right. Program tools are set up to protect privacy.",
                },
                {
                    "text": "Hide everyone's address when you email the whole group.",
                    "correct": True,
                    "feedback": (
                        "Right. Members should not see each other's addresses unless they choose "
                        "to share them."
                    ),
                },
                {
                    "text": "Keep names and health details out of subject lines.",
                    "correct": True,
                    "feedback": "Right. Subject lines are easy for others to see.",
                },
                {
                    "text": (
                        "Forward a member's email to another member who has had the same problem."
                    ),
                    "correct": False,
                    "feedback": (
                        "This shares private words without permission. Ask the member if they "
                        "would like to be connected, and check with your program leader."
                    ),
                },
                {
                    "text": "Lock your phone with a passcode.",
                    "correct": True,
                    "feedback": (
                        "Right. A locked phone protects messages if it is lost or picked up."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "As long as you leave out names, it is fine to tell a friend about a group "
                "member's story."
            ),
            "explanation": (
                "Other people's stories are not yours to share. Small details can point to a real "
                "person, especially in a small town or small group."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. Even without names, details can point to a real person. Share only "
                "your own story."
            ),
            "feedback_false": (
                "Correct. Other people's stories stay in the program, with or without names."
            ),
        },
        {
            "type": "single_choice",
            "prompt": (
                "Your co-leader posts a photo from group on social media, with a caption about a "
                "member's divorce. What should you do?"
            ),
            "explanation": (
                "The post shares a member's private life and could put her at risk. Asking for it "
                "to come down and telling your program leader protects her. Peers speaking up is "
                "how programs stay true to their model."
            ),
            "options": [
                {
                    "text": "Like the post to show support for your co-leader.",
                    "correct": False,
                    "feedback": "This spreads the post further. Do not like, share or comment.",
                },
                {
                    "text": "Ignore it. It is your co-leader's account.",
                    "correct": False,
                    "feedback": "The post still harms a member. Someone needs to act.",
                },
                {
                    "text": (
                        "Ask your co-leader privately to take it down, and tell your program "
                        "leader."
                    ),
                    "correct": True,
                    "feedback": (
                        "Yes. This limits the harm quickly and lets the program follow up properly."
                    ),
                },
                {
                    "text": "Post a comment telling your co-leader it breaks the rules.",
                    "correct": False,
                    "feedback": "A public comment draws more attention to the post. Act privately.",
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "You meant to text one mentee about your next call, but you sent a message with "
                "another mentee's name and details to the wrong person. What should you do?"
            ),
            "explanation": (
                "Slips happen. Being honest and quick lets your program leader limit the harm and "
                "decide how to tell the person. Covering up makes it worse."
            ),
            "options": [
                {
                    "text": "Delete it on your side and say nothing.",
                    "correct": False,
                    "feedback": (
                        "The other person still has the message. Your program leader needs to know."
                    ),
                },
                {
                    "text": (
                        "Tell your program leader the same day, be honest, and follow their steps."
                    ),
                    "correct": True,
                    "feedback": "Yes. Honesty and speed help limit the harm.",
                },
                {
                    "text": "Text the person who got it and ask them to forget it, then move on.",
                    "correct": False,
                    "feedback": (
                        "You may need to ask them to delete it, but do that with your program "
                        "leader's guidance. Do not skip telling your program leader."
                    ),
                },
                {
                    "text": "Wait to see if anyone notices.",
                    "correct": False,
                    "feedback": (
                        "Waiting can make things worse. Tell your program leader right away."
                    ),
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "In which of these situations must you get help, even if the person asks you to "
                "keep it private? Choose all that apply."
            ),
            "explanation": (
                "Safety comes before privacy when someone might hurt themselves or others, or when "
                "a child or dependent adult may be harmed. Ordinary worries stay private."
            ),
            "options": [
                {
                    "text": "Someone says they are thinking about ending their life.",
                    "correct": True,
                    "feedback": (
                        "Right. Get help right away: 911 if in danger now, 988 for a suicide "
                        "crisis, and your program leader."
                    ),
                },
                {
                    "text": "You are worried that a child is being harmed.",
                    "correct": True,
                    "feedback": (
                        "Right. Tell your program leader right away. They know what the law "
                        "requires."
                    ),
                },
                {
                    "text": "A member says she is nervous about her next appointment.",
                    "correct": False,
                    "feedback": "This is a normal worry. Keep it private and offer support.",
                },
                {
                    "text": "Someone says they might hurt another person.",
                    "correct": True,
                    "feedback": (
                        "Right. Safety comes first. Call 911 if there is danger now, and tell your "
                        "program leader."
                    ),
                },
                {
                    "text": "A member tells you she is thinking of changing jobs.",
                    "correct": False,
                    "feedback": "This is private life news. Keep it private.",
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "If you see a group member at the grocery store, it is best to let them decide "
                "whether to say hello."
            ),
            "explanation": (
                "Letting the member choose protects their privacy. They may not want the people "
                "with them to know they go to a support group."
            ),
            "answer": True,
            "feedback_true": (
                "Correct. Let them lead. If they greet you, keep things simple and private."
            ),
            "feedback_false": (
                "Not quite. Greeting first might make others ask how you know each other. Let the "
                "member decide."
            ),
        },
    ],
}
