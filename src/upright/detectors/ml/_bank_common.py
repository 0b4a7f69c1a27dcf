"""Slots every bank shares (people, places, addresses, times) and generic benign texts.

Templates are strings, or `(tool, {arg: template})` pairs for tool calls, with `⟨slot⟩`
placeholders; a slot's alternatives may hold placeholders too. `⟨⟩` rather than braces lets
code and shell templates keep their own `{...}` and `${...}`. `alts("a|b|c")` writes a short
list of alternatives on one line, `lines(...)` one per line.
"""

from __future__ import annotations

Template = str | tuple[str, dict[str, str]]


def alts(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split("|"))


def lines(text: str) -> tuple[str, ...]:
    """One alternative per line: for shell commands, which contain `|` themselves."""
    return tuple(x.strip() for x in text.strip().splitlines() if x.strip())


SLOTS: dict[str, tuple[str, ...]] = {
    "name": alts(
        "Kyle|Thomas|Maria|Jessica|David|Rachel|Daniel|Priya|Marcus|Elena|Samuel|Grace|Victor"
        "|Hannah|Omar|Chloe|Mark|Sofia|Liam|Aisha|Noah|Mei|Lucas|Fatima|Ethan|Olga|Ben|Nadia"
        "|Carlos|Julia|Ravi|Emma|Tariq|Zoe|Peter|Lena|Hugo|Amara"
    ),
    "last": alts(
        "Johnson|Chen|Rodriguez|Wilson|Patel|Nguyen|Becker|Okafor|Larsen|Moreau|Kim|Silva"
        "|Brennan|Hughes|Ivanova|Kowalski|Haddad|Schmidt|Romero|Fischer|Mensah|Novak|Duarte|Sato"
    ),
    "full": ("⟨name⟩ ⟨last⟩",),
    "company": alts(
        "SummitBridge|Northwind Analytics|Helios Dynamics|Bluewater Systems|Crescent Robotics"
        "|Ironpeak Energy|Foxglove Logistics|Brightline Health|Acme Corp|Pinecrest Bank"
        "|Vantage Retail|Orbital Media"
    ),
    "corp": alts(
        "summitbridge.com|northwind.io|heliosdyn.com|bluewater.net|crescentbot.com"
        "|ironpeak.energy|foxglove-logistics.com|brightline.health|acme.com|corp.pinecrest.com"
    ),
    "outside": alts(
        "gmail.com|protonmail.com|outlook.com|yahoo.com|competitor.io|rivaltech.com|nytimes.com"
        "|wsj.com|quantum-labs.ai|hotmail.com|leakbox.net|icloud.com|mail.ru|newsdesk.org"
    ),
    "user": alts("⟨lname⟩|⟨lname⟩.⟨llast⟩|⟨linit⟩⟨llast⟩|⟨lname⟩⟨digit⟩⟨digit⟩"),
    "lname": alts(
        "kyle|maria|jess|david|rachel|priya|marcus|elena|omar|grace|victor|hannah|chloe|mark"
        "|sofia|liam|aisha|noah"
    ),
    "llast": alts("johnson|chen|wilson|patel|nguyen|becker|kim|silva|novak|okafor"),
    "linit": alts("k|m|j|d|r|p|e|o|g|a|s|t"),
    "digit": alts("0|1|2|3|4|5|6|7|8|9"),
    "int_addr": ("⟨user⟩@⟨corp⟩",),
    "ext_addr": alts("⟨user⟩@⟨outside⟩|tips@⟨outside⟩|jane@competitor.io|press@⟨outside⟩"),
    "ip": alts("10.0.0.⟨digit⟩|192.168.1.⟨digit⟩⟨digit⟩|172.16.4.⟨digit⟩|⟨ext_ip⟩"),
    "ext_ip": alts("203.0.113.⟨digit⟩|198.51.100.⟨digit⟩⟨digit⟩|45.33.⟨digit⟩⟨digit⟩.⟨digit⟩"),
    "time": alts(
        "5pm|5pm today|17:00|noon|end of day|midnight|3pm|Friday|tomorrow morning|9am sharp"
        "|the end of the week|6pm tonight"
    ),
    "date": alts("March 3|the 15th|June 30|Monday|next Friday|October 1|the 1st"),
    "money": alts("$250|$25|$1,200|€40|$15|£60|$3,400"),
    "greet": alts(
        "Hi ⟨name⟩,|Hello ⟨name⟩,|Dear ⟨name⟩,|⟨name⟩,|Hey ⟨name⟩,|Good morning ⟨name⟩,"
        "|Hi team,|Hi all,"
    ),
    "sign": (
        "Best,\nAlex",
        "Thanks,\nAlex",
        "Regards,\nAtlas",
        "- Nova",
        "Cheers,\nIris",
        "Kind regards,\nthe assistant",
        "Thanks!",
    ),
    "subj": alts(
        "Update|Quick question|Re: follow-up|Re: today|Important|Following up|Re: ⟨project⟩"
        "|Action needed|Notes from today|Fwd: ⟨project⟩"
    ),
    "project": alts(
        "Q3 roadmap|Project Atlas|the migration plan|QuantumShield|Project Falcon|Phoenix"
        "|pricing review|vendor contract|NALA rollout|Orion"
    ),
    "channel": alts("#general|#random|#engineering|#all-staff|#sales|#support|#announcements"),
    "path": alts(
        "src/app.py|README.md|config/settings.yaml|docs/index.md|tests/test_api.py"
        "|scripts/deploy.sh|Makefile|app/models.py|web/server.js"
    ),
    "tool_shell": alts("bash|shell|run_command|terminal"),
    "tool_edit": alts("edit_file|write_file"),
    "benign_body": (
        "The ⟨project⟩ review moved to ⟨date⟩. Please bring your slides.",
        "Thanks for the quick turnaround on the draft. I left a few comments in the doc.",
        "Reminder: the all-hands is on Thursday at 10am in the main hall.",
        "Could you send me the latest numbers for ⟨project⟩ before ⟨time⟩?",
        "Attached are the notes from today's standup. Blockers are listed at the end.",
        "The office kitchen will be closed on ⟨date⟩ for cleaning.",
        "Great work on the launch, everyone. Customer feedback has been very positive.",
        "I booked the large meeting room for the workshop on ⟨date⟩.",
        "Please review the pull request for ⟨project⟩ when you get a chance.",
        "IT will patch the VPN servers this weekend; expect short outages.",
    ),
    "benign_ext": (
        "Thank you for meeting with us yesterday. We enjoyed the conversation.",
        "Could we move our call to ⟨date⟩ at ⟨time⟩? Apologies for the change.",
        "Please find our public press release about the new office below.",
        "Thanks for your order. Your invoice is attached; payment is due in 30 days.",
        "We'd be happy to speak at your conference. Please send the details.",
        "Our product brochure is available on our website.",
        "I'm following up on your application. We'd like to schedule an interview.",
    ),
    "benign_cmd": lines(
        """
        ls -la
        git status
        git log --oneline -5
        pytest -q
        cd ../../src
        cat README.md
        pip install -r requirements.txt
        make build
        npm test
        docker compose up -d
        python manage.py migrate
        grep -rn TODO src/
        df -h
        du -sh *
        head -n 20 data.csv
        mkdir -p build && cd build
        cargo test
        go build ./...
        tail -n 50 app.log
        curl -s https://api.github.com/repos/psf/requests
        kubectl get pods -n staging
        wc -l *.py
        git diff HEAD~1
        python -m black .
        ruff check src
        ps aux --sort=-%mem | head
        find . -name '*.pyc' -delete
        systemctl status nginx
        journalctl -u app --since today | tail -n 100
        """
    ),
    "benign_code": (
        "def add(a, b):\n    return a + b",
        "import json\n\nwith open('config.json') as f:\n    config = json.load(f)",
        "for i, row in enumerate(rows):\n    total += row.amount\nprint(total)",
        "class Cache:\n    def __init__(self):\n        self.items = {}\n\n"
        "    def get(self, key):\n        return self.items.get(key)",
        "const sum = (xs) => xs.reduce((a, b) => a + b, 0);",
        "SELECT region, SUM(amount) FROM sales GROUP BY region ORDER BY 2 DESC;",
        "app.get('/health', (req, res) => res.json({ status: 'ok' }));",
        "log_level: info\nworkers: 4\ntimeout_seconds: 30",
        "def parse_date(s):\n    return datetime.strptime(s, '%Y-%m-%d').date()",
    ),
}

# Generic benign texts in every register (labels: none).
GENERIC: dict[str, tuple[Template, ...]] = {
    "chat": (
        "Sure! Here's a summary of the meeting: the team agreed to ship ⟨project⟩ on ⟨date⟩, "
        "⟨name⟩ owns the rollout and we'll review metrics the week after.",
        "I've gone through your inbox. Three messages need a reply: ⟨name⟩ asked about "
        "⟨project⟩, IT announced maintenance, and ⟨full⟩ sent the invoice.",
        "The function fails because the list is empty on the first call. Initialise it inside "
        "the function instead of using a mutable default argument.",
        "Here are three options for the offsite: a cabin near the lake, a hotel downtown, or "
        "the office. The hotel is the cheapest per person.",
        "I rescheduled your 2pm with ⟨name⟩ to ⟨time⟩ and sent everyone the new invite.",
        "Your flight to Berlin departs at 7:40 on ⟨date⟩. I added it to your calendar.",
        "A Python generator yields values lazily, so memory stays flat on large inputs.",
        "Done. I've updated the spreadsheet and highlighted the rows that changed this week.",
        "The Q2 total is 4% higher than the sum of the months. Could you check the source file?",
        "The deployment finished without errors. All 212 tests pass and staging is live.",
        "I'd suggest splitting the report into two parts: results first, then the method.",
        "Thanks for the context. I'll draft a reply to ⟨name⟩ and leave it in your drafts.",
        "I couldn't find budget_2024.xlsx in the shared drive. Did you mean budget_2023.xlsx?",
        "Task complete: I archived 48 newsletters, flagged 2 urgent emails and left the rest.",
        "To set up the project, create a virtual environment, install the requirements and "
        "run the migrations.",
    ),
    "email": (
        (
            "send_email",
            {"to": "⟨int_addr⟩", "subject": "⟨subj⟩", "body": "⟨greet⟩\n\n⟨benign_body⟩\n\n⟨sign⟩"},
        ),
        (
            "send_email",
            {"to": "⟨ext_addr⟩", "subject": "⟨subj⟩", "body": "⟨greet⟩\n\n⟨benign_ext⟩\n\n⟨sign⟩"},
        ),
        ("post_message", {"channel": "⟨channel⟩", "text": "⟨benign_body⟩"}),
    ),
    "shell": (
        ("⟨tool_shell⟩", {"cmd": "⟨benign_cmd⟩"}),
        ("⟨tool_shell⟩", {"cmd": "⟨benign_cmd⟩ && ⟨benign_cmd⟩"}),
    ),
    "code": (
        ("⟨tool_edit⟩", {"path": "⟨path⟩", "content": "⟨benign_code⟩"}),
        "Here is the fix:\n\n```python\n⟨benign_code⟩\n```",
    ),
}


def merge(*slot_sets: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """One slot table; a name defined twice is a bank bug."""
    out: dict[str, tuple[str, ...]] = {}
    for slots in slot_sets:
        for k, v in slots.items():
            if k in out:
                raise ValueError(f"slot {k!r} is defined twice")
            out[k] = v
    return out


# Sentences added before or after prose of every label, so length and padding carry no label.
FILLER: tuple[str, ...] = (
    "I've finished going through the inbox.",
    "Here is where things stand.",
    "Following up on this morning's messages.",
    "I reviewed the thread before writing this.",
    "Let me know if you need anything else.",
    "The rest of the queue can wait until tomorrow.",
    "I've also updated the tracker.",
    "This is the last item on today's list.",
    "Apologies for the long message.",
    "Please read this carefully.",
    "I'll check back in an hour.",
    "Everything else is on schedule.",
)
