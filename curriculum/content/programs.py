"""Credential tracks that share the four core modules, listed by module slug in order.

Plain data for the seed command, which maps it to Wagtail StreamFields. Rich text uses only
<p>, <ul>, <ol>, <li>, <strong>, <em> and <h3>. Quotes and situations come from the field study
in reference/peer-support-study.txt. Nothing here gives medical advice: peers are taught to
refer to their program leader, the care team, 911 or 988.
"""

PROGRAMS = [
    {
        "slug": "support-group-facilitator",
        "title": "Support Group Facilitator",
        "audience": (
            "<p>This program is for volunteers who will lead or co-lead a peer support group. You "
            "have lived with a health condition yourself, or you have cared for a family member "
            "who has. Now you want to help a group of people who are going through something "
            "similar.</p>"
        ),
        "overview": (
            "<p>As a facilitator, you help a group feel safe, welcome and heard. You open each "
            "meeting, remind members of the group's privacy agreement, make room for every voice, "
            "and keep the group true to your program's model.</p>"
            "<p>This program has four online modules:</p>"
            "<ul>"
            "<li><strong>Boundaries:</strong> caring for a group without losing yourself.</li>"
            "<li><strong>Privacy and confidentiality:</strong> keeping what is said in the group "
            "safe.</li>"
            "<li><strong>Documentation:</strong> writing short, respectful notes after each "
            "meeting.</li>"
            "<li><strong>Staying within scope:</strong> sharing experience, not medical advice, "
            "and getting help in a crisis.</li>"
            "</ul>"
            "<p>Each module ends with a short knowledge check. You need a score of 80 percent to "
            "pass. Then you sign your program's code of conduct and attend a training with a state "
            "trainer. The trainer decides whether you are ready to lead a group. They may also "
            "suggest more practice first, or another role in the program.</p>"
            "<p>Your certificate lasts two years. You can take voluntary leave if you need a "
            "break.</p>"
        ),
        "validity_months": 24,
        "modules": [
            "boundaries",
            "privacy",
            "documentation",
            "scope",
        ],
    },
    {
        "slug": "peer-mentor",
        "title": "Peer Mentor",
        "audience": (
            "<p>This program is for volunteers who will support one person at a time, by phone or "
            "in person. You have lived with a health condition yourself, or you have cared for a "
            "family member who has. Your program will match you with someone who is facing "
            "something similar, often soon after a new diagnosis, a surgery or a new baby.</p>"
        ),
        "overview": (
            "<p>As a peer mentor, you listen, share your own story when it helps, and offer hope "
            "and practical tips for daily life. You help the person you support find resources and "
            "prepare questions for their care team. You also know when to bring in your program "
            "leader.</p>"
            "<p>This program has four online modules:</p>"
            "<ul>"
            "<li><strong>Boundaries:</strong> staying close enough to help and clear enough to "
            "last.</li>"
            "<li><strong>Privacy and confidentiality:</strong> protecting what one person trusts "
            "you with.</li>"
            "<li><strong>Documentation:</strong> recording each contact and any concern you pass "
            "on.</li>"
            "<li><strong>Staying within scope:</strong> sharing experience, not medical advice, "
            "and getting help in a crisis.</li>"
            "</ul>"
            "<p>Each module ends with a short knowledge check. You need a score of 80 percent to "
            "pass. Then you sign your program's code of conduct and attend a training with a state "
            "trainer. The trainer decides whether you are ready to mentor. They may also suggest "
            "more practice first, or another role in the program.</p>"
            "<p>Your certificate lasts two years. You can take voluntary leave if you need a "
            "break.</p>"
        ),
        "validity_months": 24,
        "modules": [
            "boundaries",
            "privacy",
            "documentation",
            "scope",
        ],
    },
]
