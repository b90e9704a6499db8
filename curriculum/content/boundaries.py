"""Core module: Boundaries (roles and limits of a peer, emotional entanglement, self-care,
gifts, money, meeting places, social media and dual relationships).

See the package docstring for the format and the rules the content follows.
"""

BOUNDARIES = {
    "slug": "boundaries",
    "title": "Boundaries",
    "topic": "boundaries",
    "summary": (
        "Learn where your role as a peer begins and ends. Care for others without losing yourself, "
        "and handle gifts, money, meeting places and social media with confidence."
    ),
    "estimated_minutes": 30,
    "pass_mark": 80,
    "objectives": [
        "Explain what a peer supporter does and what a peer supporter does not do.",
        (
            "Recognize signs that you are getting too emotionally involved, and take steps to stay "
            "on the helping side of the relationship."
        ),
        (
            "Plan how to care for yourself when someone's story brings back your own experience, "
            "including when to ask for time off."
        ),
        (
            "Respond kindly and clearly to gifts, offers of money, requests to meet in private, "
            "and social media requests."
        ),
        "Spot a dual relationship and tell your program leader about it.",
    ],
    "sections": [
        {
            "heading": "What a peer is, and is not",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>You are here because you have lived it. You have had the health "
                        "condition, or you have cared for someone who has. That experience is what "
                        "makes you a peer. It is a real gift to someone who feels alone.</p>"
                        "<p>Peer support is different from the care that doctors, nurses and "
                        "counselors give. It does not replace that care. It adds to it.</p>"
                        "<h3>As a peer, you can</h3>"
                        "<ul>"
                        "<li>Listen without judging.</li>"
                        "<li>Share your own story when it helps the other person.</li>"
                        "<li>Offer hope that it is possible to get through this.</li>"
                        "<li>Share practical tips about daily life.</li>"
                        "<li>Help people find resources and the right person to ask.</li>"
                        "</ul>"
                        "<h3>As a peer, you are not</h3>"
                        "<ul>"
                        "<li>A doctor, nurse, counselor or therapist.</li>"
                        "<li>A friend who is on call day and night.</li>"
                        "<li>A rescuer who has to fix every problem.</li>"
                        "<li>A source of money, rides or favors.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "I'm like a guide. Different resources, we communicate with, build "
                            "relationships with, so if a person comes in, if they can't get the "
                            "help that they need here, we can refer them to other places. So, I "
                            "considered myself like a walking guide."
                        ),
                        "attribution": "A peer supporter in the study",
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<p>A boundary is a limit that keeps your role clear. Boundaries protect "
                        "three people:</p>"
                        "<ul>"
                        "<li><strong>The person you support.</strong> They can trust that you are "
                        "there for them, not for yourself.</li>"
                        "<li><strong>You.</strong> You can keep helping for a long time without "
                        "burning out.</li>"
                        "<li><strong>Your program.</strong> People trust the program because every "
                        "peer follows the same rules. That is why programs ask you to sign a code "
                        "of conduct.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "tip",
                        "title": "A boundary is not a wall",
                        "text": (
                            "<p>Boundaries do not make you cold. You can be warm, kind and open, "
                            "and still be clear about what you can and cannot do.</p>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Caring without getting tangled",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>You care about the people you support. That is part of what makes you "
                        "good at this. But caring can slowly turn into carrying. Their problems "
                        "start to feel like your problems. The study calls this emotional "
                        "entanglement.</p>"
                        "<h3>Signs you may be getting tangled</h3>"
                        "<ul>"
                        "<li>You think about their problems late at night.</li>"
                        "<li>You check your phone for their messages all the time.</li>"
                        "<li>You feel you are the only one who can help them.</li>"
                        "<li>You do things for them that they could do for themselves.</li>"
                        "<li>You give much more time than your program asks.</li>"
                        "<li>You feel hurt or angry when they do not take your suggestion.</li>"
                        "<li>You keep parts of the relationship from your program leader.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "I get emotionally upset but I have learned and we are in training for "
                            "that. I have talked to a lot of people, I feel sorry for a lot of "
                            "things that people are going through, but I try not to get too "
                            "emotionally involved in it. I try to stay on a more professional side "
                            "of it."
                        ),
                        "attribution": "A peer supporter in the study",
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<p>Staying on the professional side does not mean being distant. It means "
                        "you keep your role clear. Here are some ways to do that:</p>"
                        "<ul>"
                        "<li>Keep to the times you agreed on.</li>"
                        "<li>Use the phone number or email your program gives you.</li>"
                        "<li>End calls kindly and on time.</li>"
                        "<li>Remind the person of their other supports: family, friends, their "
                        "care team, the group.</li>"
                        "<li>Talk with your program leader when a match starts to feel heavy.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": '"You\'re the only one who understands me"',
                        "situation": (
                            "<p>You have been mentoring a woman by phone for a month. Lately she "
                            "texts you late every night. Last night she wrote, \"You're the only "
                            "one who understands me. I don't know what I'd do without you.\" You "
                            "feel touched. You also feel tired, and you are starting to dread your "
                            "phone.</p>"
                        ),
                        "prompt": "What would you say or do?",
                        "choices": [
                            "Keep answering every night. She needs you.",
                            "Stop answering without saying why.",
                            (
                                "At your next planned call, thank her, explain the times you are "
                                "available, talk about her other supports, and tell your program "
                                "leader what is happening."
                            ),
                        ],
                        "suggested_approach": (
                            "<p>Her words show trust. They also show she may be leaning on you "
                            "alone. That is not good for her or for you.</p>"
                            "<ul>"
                            "<li>Answer during your agreed times, not late at night.</li>"
                            "<li>At your next call, say something like: \"I'm really glad our "
                            "talks help. I'm available on Tuesday and Thursday afternoons. At "
                            'night, I need to rest so I can be there for you."</li>'
                            "<li>Ask who else she can lean on. Talk about family, friends, a group "
                            "or her care team.</li>"
                            "<li>If she ever sounds like she is in danger, follow your program's "
                            "crisis steps. You will learn these in the module on staying within "
                            "scope.</li>"
                            "<li>Tell your program leader. This is not a failure. It is how the "
                            "program supports both of you.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "When a story brings it all back",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<p>Your own experience is what makes you a peer. It can also be your soft "
                        "spot. Sometimes a person's story sounds so much like yours that old "
                        "feelings come rushing back. This is normal. It happens to experienced "
                        "peers too.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "...there's times when it really gets to you because it brings back "
                            "everything you had been through. But they know that and talk about "
                            "that in the training and there's not too much you can do about that "
                            "and it's just part of it."
                        ),
                        "attribution": "A peer supporter in the study",
                    },
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Signs a story is hitting you hard</h3>"
                        "<ul>"
                        "<li>You have trouble sleeping after a call or a group.</li>"
                        "<li>Old fears or memories keep coming back.</li>"
                        "<li>You dread the next contact.</li>"
                        "<li>You feel numb, or you cry more than usual.</li>"
                        "<li>You notice yourself telling your whole story instead of "
                        "listening.</li>"
                        "</ul>"
                        "<h3>A simple self-care plan</h3>"
                        "<ul>"
                        "<li><strong>Before:</strong> Know what topics are hard for you. Tell your "
                        "program leader, so they can keep it in mind when they match you.</li>"
                        '<li><strong>During:</strong> It is okay to pause. You can say, "Give me '
                        'a moment." You can end a call early and set a new time.</li>'
                        "<li><strong>After:</strong> Talk it over with your program leader. Do "
                        "something that helps you feel like yourself again. Lean on your own "
                        "supports.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "The biggest challenge that I know for myself is that if you're ... "
                            "taking on a lot of people worries, their problems because I have to "
                            "watch myself too... I am a recovering addict too, so if I lose myself "
                            "trying to help somebody else, game over."
                        ),
                        "attribution": "A peer supporter in a recovery program in the study",
                    },
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "You can take time off",
                        "text": (
                            "<p>Programs in the study encouraged peers to take time off when they "
                            "felt ill or vulnerable. You can do the same. Ask your program leader "
                            "for voluntary leave. In Trellis, voluntary leave pauses your "
                            "certificate. It does not take it away. When you are ready, you can "
                            "come back.</p>"
                        ),
                    },
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "A story that brings back everything",
                        "situation": (
                            "<p>You are a breast cancer survivor. You are mentoring a woman who "
                            "was just diagnosed. On your second call, she describes the day she "
                            "got her results. It is almost exactly like your own day. After the "
                            "call, you cry for an hour. That night you cannot sleep. You are due "
                            "to call her again on Friday.</p>"
                        ),
                        "prompt": "What would you do now?",
                        "choices": [
                            "Say nothing. Push through the Friday call.",
                            (
                                "Tell your program leader how the call affected you, use your "
                                "self-care plan, and decide together whether you need a break or a "
                                "different match."
                            ),
                            "Call her back tonight to tell her how much her story upset you.",
                        ],
                        "suggested_approach": (
                            "<p>What you feel is a normal part of peer support. It is not a sign "
                            "that you are bad at this.</p>"
                            "<ul>"
                            "<li>Tell your program leader soon. You do not need to repeat her "
                            "private details. Say how the call affected you.</li>"
                            "<li>Use your self-care plan. Rest, and reach out to your own "
                            "supports.</li>"
                            "<li>Decide with your program leader what comes next. You might be "
                            "fine by Friday. You might need a short break. Programs can also offer "
                            "a new match.</li>"
                            "<li>Do not ask the person you support to take care of your feelings. "
                            "Your calls are for her.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Gifts, money and meeting places",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<h3>Gifts</h3>"
                        "<p>People often want to say thank you. Kind words and a thank-you card "
                        "are usually fine. Many programs do not allow gifts. Some allow a very "
                        "small token, like a homemade card, if you tell your program leader. "
                        "Follow your program's rule. When you say no, thank the person warmly. "
                        "Explain that it is a rule for every peer, not a choice about them.</p>"
                        "<h3>Money</h3>"
                        "<p>Money changes a relationship fast. Do not lend, borrow, give or ask "
                        "for money. Do not buy things for the person or sell things to them. If "
                        "someone needs help with money, rides or housing, tell your program "
                        "leader. The program can help connect them to resources.</p>"
                        "<h3>Meeting places</h3>"
                        "<p>Meet only in the ways your program allows. This might be by phone, at "
                        "the program site, at the clinic, or in a public place. Do not meet at "
                        "your home or theirs unless your program says you may. Do not give rides "
                        "unless your program allows it. Keep contacts within your program's "
                        "hours.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "warning",
                        "title": "Never",
                        "text": (
                            "<ul>"
                            "<li>Lend or borrow money, or ask for favors.</li>"
                            "<li>Sell products or services to someone you support.</li>"
                            "<li>Start a romantic or sexual relationship with someone you "
                            "support.</li>"
                            "<li>Keep a secret from your program leader about your relationship "
                            "with someone you support.</li>"
                            "</ul>"
                        ),
                    },
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "A gift after group",
                        "situation": (
                            "<p>You lead a caregivers' support group. After the meeting, a member "
                            "waits until everyone leaves. She hands you a gift card and says, "
                            "\"You've helped me so much. Can we meet for coffee, just us? There "
                            "are things I don't want to say in front of the group.\"</p>"
                        ),
                        "prompt": "What would you say or do?",
                        "choices": [
                            "Take the gift card so she is not hurt, and set a coffee date.",
                            (
                                "Thank her warmly, kindly return the gift card, explain what your "
                                "program allows, and talk with your program leader about the best "
                                "way to support her."
                            ),
                            "Tell her that asking was not appropriate.",
                        ],
                        "suggested_approach": (
                            "<p>She trusts you. That is good. But a gift card and a private coffee "
                            "would blur your role.</p>"
                            "<ul>"
                            '<li>Thank her warmly. Then give the card back: "This means a lot. '
                            "Our program doesn't let me accept gifts, but your thanks is the best "
                            'gift."</li>'
                            "<li>Take her need seriously: \"It sounds like there's something big "
                            "on your mind. I'd like to help you find the right support for "
                            'it."</li>'
                            "<li>Explain the options your program has. This might be one-to-one "
                            "peer support or a call with the program leader.</li>"
                            "<li>Tell your program leader about the gift and the request. Share "
                            "only what is needed.</li>"
                            "</ul>"
                        ),
                    },
                },
            ],
        },
        {
            "heading": "Social media and dual relationships",
            "body": [
                {
                    "type": "text",
                    "value": (
                        "<h3>Social media</h3>"
                        "<ul>"
                        "<li>Do not friend or follow people you support on your personal accounts, "
                        "unless your program says you may.</li>"
                        "<li>If someone sends you a request, do not accept it. Next time you talk, "
                        "explain kindly. You can say, \"I'm glad we're connected here. I keep my "
                        "personal accounts separate. That's a rule for all of us peers.\"</li>"
                        "<li>Never post about a group or a person you support, even without names. "
                        "Small details can point to a real person.</li>"
                        "<li>If your program has its own page or group online, follow its rules "
                        "for using it.</li>"
                        "</ul>"
                    ),
                },
                {
                    "type": "text",
                    "value": (
                        "<h3>Dual relationships</h3>"
                        "<p>A dual relationship means you have two roles with the same person. For "
                        "example, the person you support might also be your:</p>"
                        "<ul>"
                        "<li>Neighbor, coworker, boss or employee.</li>"
                        "<li>Relative, or a friend of the family.</li>"
                        "<li>Customer, or someone who wants to hire you.</li>"
                        "<li>Fellow member of a place of worship or club.</li>"
                        "</ul>"
                        "<p>Two roles can confuse things. The person might not feel free to speak "
                        "openly. You might not be able to keep your role clear. Tell your program "
                        "leader as soon as you notice. They may keep the match with some extra "
                        "care, or they may offer a new match.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "text": (
                            "...a lot of moms make lifelong friends in our groups and sort of "
                            "their families grow up together, and once the group has ended, they "
                            "continue to support each other."
                        ),
                        "attribution": "A mentor in the study",
                    },
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "tip",
                        "title": "Friendships between members are a good thing",
                        "text": (
                            "<p>Members often become friends with each other. That is one of the "
                            "best parts of a group. Your role is different. While you lead the "
                            "group or mentor someone, your first job is to keep your role clear. "
                            "If you are unsure, ask your program leader.</p>"
                        ),
                    },
                },
                {
                    "type": "scenario",
                    "value": {
                        "title": "Someone you already know",
                        "situation": (
                            "<p>You are a peer mentor for caregivers of transplant patients. Your "
                            "program matches you with a man whose wife just had a heart "
                            "transplant. On your first call, you realize he is your daughter's "
                            "soccer coach. You see him every Saturday.</p>"
                        ),
                        "prompt": "What would you do?",
                        "choices": [],
                        "suggested_approach": (
                            "<p>This is a dual relationship. It is nobody's fault. It just needs "
                            "to be handled openly.</p>"
                            "<ul>"
                            '<li>Name it kindly: "I think we know each other from soccer. I want '
                            "you to feel free to talk. Would you be more comfortable with a "
                            'different mentor?"</li>'
                            "<li>Tell your program leader, whatever he says. They can offer a new "
                            "match or help you keep the roles separate.</li>"
                            "<li>Keep what he shares private. Do not bring it up at soccer, even "
                            "as a kind word.</li>"
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
                'At 11 p.m., the woman you mentor texts: "Not urgent, just wanted to talk." Your '
                "program's hours are weekday afternoons. What is the best response?"
            ),
            "explanation": (
                "Replying during your agreed hours keeps the relationship steady and kind. It also "
                "protects your rest, so you can keep helping. Reminding her of your hours and her "
                "other supports is caring, not cold."
            ),
            "options": [
                {
                    "text": "Reply right away and chat for as long as she needs.",
                    "correct": False,
                    "feedback": (
                        "This feels kind, but it teaches her that you are always available. Over "
                        "time, it can wear you out and make her rely on you alone."
                    ),
                },
                {
                    "text": (
                        "Reply the next afternoon, kindly remind her of your hours, and ask who "
                        "else she can lean on at night."
                    ),
                    "correct": True,
                    "feedback": (
                        "Yes. You stay warm and keep your role clear. She learns when to reach you "
                        "and where else to turn."
                    ),
                },
                {
                    "text": "Never reply to messages sent outside your hours.",
                    "correct": False,
                    "feedback": (
                        "Ignoring her could hurt trust. You can still reply, just during your "
                        "agreed hours."
                    ),
                },
                {
                    "text": "Block her number so it does not happen again.",
                    "correct": False,
                    "feedback": (
                        "This would be hurtful and would end the support. Talk with her and with "
                        "your program leader instead."
                    ),
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "Which of these could be signs that you are getting too emotionally involved with "
                "someone you support? Choose all that apply."
            ),
            "explanation": (
                "Losing sleep over someone's problems, feeling you are their only help, and "
                "keeping things from your program leader are warning signs of entanglement. "
                "Feeling sad after a hard call and talking it over, or ending calls on time, are "
                "healthy."
            ),
            "options": [
                {
                    "text": "You lie awake thinking about their problems.",
                    "correct": True,
                    "feedback": (
                        "Right. When their worries follow you to bed, you may be carrying too much."
                    ),
                },
                {
                    "text": "You feel you are the only one who can help them.",
                    "correct": True,
                    "feedback": (
                        "Right. No one person should be someone's only help. Point them to their "
                        "other supports, too."
                    ),
                },
                {
                    "text": "You keep parts of the relationship from your program leader.",
                    "correct": True,
                    "feedback": (
                        "Right. Secrets about a match are a warning sign. Your program leader is "
                        "there to help."
                    ),
                },
                {
                    "text": (
                        "You feel sad after a hard call and talk it over with your program leader."
                    ),
                    "correct": False,
                    "feedback": (
                        "This is healthy. Feeling moved is normal, and talking it over is good "
                        "self-care."
                    ),
                },
                {
                    "text": "You end your calls at the time you agreed on.",
                    "correct": False,
                    "feedback": "This is a healthy boundary, not a warning sign.",
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "If someone's story brings back painful memories of your own, it means you are not "
                "ready to be a peer supporter."
            ),
            "explanation": (
                'A peer supporter in the study said hard memories are "just part of it," and '
                "programs talk about it in training. What matters is noticing it, caring for "
                "yourself and telling your program leader."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. This happens to many good peer supporters. It is a normal part of the "
                "work, and you can plan for it."
            ),
            "feedback_false": (
                "Correct. It is normal. Notice it, use your self-care plan and talk with your "
                "program leader."
            ),
        },
        {
            "type": "single_choice",
            "prompt": (
                "After group, a member gives you a $50 gift card to thank you. Your program does "
                "not allow gifts. What should you do?"
            ),
            "explanation": (
                "Returning the gift warmly and explaining the rule protects the relationship and "
                "keeps things fair for every member. Telling your program leader keeps everything "
                "open."
            ),
            "options": [
                {
                    "text": "Accept it so she does not feel hurt.",
                    "correct": False,
                    "feedback": (
                        "Her feelings matter, but accepting breaks the rule and can make her feel "
                        "she owes you, or that others must give gifts too."
                    ),
                },
                {
                    "text": "Accept it and use it to buy snacks for the whole group.",
                    "correct": False,
                    "feedback": (
                        "This still means taking a gift that the program does not allow. Return it "
                        "kindly instead."
                    ),
                },
                {
                    "text": (
                        "Thank her warmly, give it back, explain it is a rule for every peer, and "
                        "tell your program leader."
                    ),
                    "correct": True,
                    "feedback": (
                        "Yes. You honor her thanks and keep your role clear. She knows the rule is "
                        "not about her."
                    ),
                },
                {
                    "text": "Keep it quietly and say nothing.",
                    "correct": False,
                    "feedback": (
                        "Keeping a gift secret is a boundary problem. Give it back and tell your "
                        "program leader."
                    ),
                },
            ],
        },
        {
            "type": "single_choice",
            "prompt": (
                "The man you mentor asks to borrow $20 for bus fare to his wife's clinic "
                "appointment. What is the best response?"
            ),
            "explanation": (
                "Money changes a peer relationship, even small amounts. The caring step is to help "
                "him find a resource through your program. Programs in the study helped people "
                "connect to resources like transportation."
            ),
            "options": [
                {
                    "text": "Give him the $20. It is a small amount and for a good reason.",
                    "correct": False,
                    "feedback": (
                        "The reason is good, but giving money blurs your role. It can also lead to "
                        "more requests."
                    ),
                },
                {
                    "text": "Lend it to him, as long as he pays you back.",
                    "correct": False,
                    "feedback": (
                        "A loan creates a debt between you. That can strain the relationship."
                    ),
                },
                {
                    "text": (
                        "Tell him kindly that you cannot lend money, and ask your program leader "
                        "about transportation help for him."
                    ),
                    "correct": True,
                    "feedback": "Yes. You keep your boundary and still help him get there.",
                },
                {
                    "text": "Tell him to ask his family instead and change the subject.",
                    "correct": False,
                    "feedback": (
                        "This brushes off a real need. Help him find a resource through your "
                        "program."
                    ),
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "Which of these are dual relationships that you should tell your program leader "
                "about? Choose all that apply."
            ),
            "explanation": (
                "A dual relationship means two roles with the same person: neighbor, coworker, "
                "relative, or business contact. Having the same health condition is not a dual "
                "relationship. It is the reason for the match."
            ),
            "options": [
                {
                    "text": "The person you are matched with lives next door to you.",
                    "correct": True,
                    "feedback": (
                        "Right. Being neighbors is a second role. Tell your program leader."
                    ),
                },
                {
                    "text": "The person you mentor works in the same office as you.",
                    "correct": True,
                    "feedback": "Right. Being coworkers can make it hard for them to speak freely.",
                },
                {
                    "text": "A group member asks to hire you for your side business.",
                    "correct": True,
                    "feedback": (
                        "Right. A business deal would add a second role. Say no kindly and tell "
                        "your program leader."
                    ),
                },
                {
                    "text": "The person you mentor had the same kind of surgery you had.",
                    "correct": False,
                    "feedback": (
                        "This is not a dual relationship. Shared experience is why peers are "
                        "matched."
                    ),
                },
                {
                    "text": "Your cousin joins the support group you lead.",
                    "correct": True,
                    "feedback": (
                        "Right. Family ties are a second role. Your program leader can help decide "
                        "what to do."
                    ),
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                "Asking for time off when you feel ill or vulnerable is a sign of good judgment, "
                "not a failure."
            ),
            "explanation": (
                "Programs in the study encouraged peers to take time off when they felt ill or "
                "vulnerable. In Trellis, voluntary leave pauses your certificate. It does not take "
                "it away."
            ),
            "answer": True,
            "feedback_true": (
                "Correct. Taking care of yourself lets you keep helping others over time."
            ),
            "feedback_false": (
                "Not quite. Taking time off when you need it is healthy and allowed. Voluntary "
                "leave pauses your certificate."
            ),
        },
        {
            "type": "single_choice",
            "prompt": (
                "A member of the group you lead sends a friend request to your personal social "
                "media account. Your program does not allow this. What should you do?"
            ),
            "explanation": (
                "Not accepting, then explaining kindly, keeps your role clear without hurting the "
                "person. A rule that applies to every peer is easy to explain."
            ),
            "options": [
                {
                    "text": "Accept it, but never post about the group.",
                    "correct": False,
                    "feedback": (
                        "Even if you post nothing about the group, the connection mixes your "
                        "personal life with your peer role."
                    ),
                },
                {
                    "text": (
                        "Do not accept it. Next time you see her, kindly explain that peers keep "
                        "personal accounts separate."
                    ),
                    "correct": True,
                    "feedback": "Yes. You are clear and kind, and she knows it is not personal.",
                },
                {
                    "text": "Block her without saying anything.",
                    "correct": False,
                    "feedback": (
                        "Blocking without a word could feel like rejection. A short, kind "
                        "explanation is better."
                    ),
                },
                {
                    "text": "Accept it so she feels welcome in the group.",
                    "correct": False,
                    "feedback": (
                        "Welcome her in the group instead. Your personal accounts are a separate "
                        "space."
                    ),
                },
            ],
        },
        {
            "type": "multiple_select",
            "prompt": (
                "You just finished a hard call that reminded you of your own illness. Which are "
                "good self-care steps? Choose all that apply."
            ),
            "explanation": (
                "Talking with your program leader, doing something that restores you, and asking "
                "about a break or a new match are all healthy steps. Keeping it all in, or calling "
                "the person again that night, adds to the strain."
            ),
            "options": [
                {
                    "text": "Talk it over with your program leader.",
                    "correct": True,
                    "feedback": "Right. That is part of what program leaders are there for.",
                },
                {
                    "text": "Do something that helps you feel like yourself again.",
                    "correct": True,
                    "feedback": "Right. A walk, rest, or time with people you love can help.",
                },
                {
                    "text": "Keep it all to yourself so you do not bother anyone.",
                    "correct": False,
                    "feedback": (
                        "Holding it in can make it worse. Asking for support is part of the job."
                    ),
                },
                {
                    "text": (
                        "Call the person again that night to talk about how the call made you feel."
                    ),
                    "correct": False,
                    "feedback": (
                        "Your calls are for them. Bring your own feelings to your program leader "
                        "and your own supports."
                    ),
                },
                {
                    "text": (
                        "Ask your program leader about a short break or a different match if "
                        "stories like this keep hitting you hard."
                    ),
                    "correct": True,
                    "feedback": "Right. Voluntary leave and new matches exist for this reason.",
                },
            ],
        },
        {
            "type": "true_false",
            "prompt": (
                'Staying on "the professional side" means being cold and distant with the people '
                "you support."
            ),
            "explanation": (
                "You can be warm and caring while keeping your role clear. The professional side "
                "is about limits, not about feelings."
            ),
            "answer": False,
            "feedback_true": (
                "Not quite. Warmth is a big part of peer support. The professional side means "
                "keeping your role clear, not hiding your care."
            ),
            "feedback_false": "Correct. You can be warm and still keep clear limits.",
        },
    ],
}
