"""Where code sits in a unit of text, and what surrounds it, for `code_rules`.

A unit splits into regions. Each fenced block (```` ``` ```` or `~~~`) is a `code` region; the
text between fences is a `text` region, unless most of its lines look like code (an answer
that is bare code) or the unit is a tool argument such as the content of a file edit. The
technique rules run region by region, so a combination (a socket and a `dup2` of it) must
sit in one piece of code, not be assembled from scattered mentions in prose.

Around the regions: a *detection rule* (YARA, Sigma, Snort/Suricata, KQL, Splunk, EQL,
auditd, Sysmon) mentions attack strings in order to catch them, and a region that is one is
not read for techniques; a *defensive* framing in the prose ("how to detect", "mitigation",
"parameterised queries") lowers what prose and inline code score; an *evasion* framing
("avoid detection", "bypass the EDR") raises what weak signals score.

Speed: every pattern here and in the technique modules is compiled by `lx`, lowercase and
case-sensitive, and runs on a lowercased copy of the unit (same offsets). Python's `re` scans
such patterns far faster than `re.I` ones; techniques also check cheap literal tokens
(`Region.has`) before running their patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from upright.detectors.rules._common import Hit, Rule


def lx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` lowercased (escapes kept) and case-sensitive, for lowercased text."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    source = "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return re.compile(source, flags)


def lower(text: str) -> str:
    """`text` lowercased with its length kept, so offsets carry over."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_FENCE_LINE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*")
_CODE_LINE = re.compile(
    r"^\s*(?:(?:import|from|def|class|function|const|let|var|return|public|private|static"
    r"|package|func|using|#include|#define|<\?php|echo|sudo|for|while|if)\b"
    r"|[$#>]\s|PS [A-Z]:\\|>>>|[\w$.\[\]'\"]+\s*(?:[-+*/.|&]?=|:=)\s*\S"
    r"|.*[;{}]\s*$|[\w.$]+\s*\(.*\)\s*;?\s*$|\}|//|/\*"
    # PowerShell cmdlets and pipelines, SQL, markup, SQL and shell comments
    r"|[A-Z][a-z]+-[A-Z][A-Za-z]+\b|.*\|\s*[%?]\s*\{|--\s|#\s|\|\s*[a-z]\w*\b"
    r"|(?i:select|insert|update|delete|union|exec|declare|waitfor|drop\s+table)\b|</?[a-zA-Z][\w-]*[\s>/]"
    # a command line: a known command, then options or arguments
    r"|(?:sudo\s+)?(?:wevtutil|reg|sc|netsh|vssadmin|bcdedit|schtasks|certutil|rundll32|wmic|icacls"
    r"|nc|ncat|curl|wget|ssh|scp|chmod|chown|useradd|usermod|crontab|iptables|systemctl|kill|rm"
    r"|python3?|perl|ruby|php|node|bash|sh|nmap|hydra|sqlmap|msfvenom|msfconsole|hashcat|john"
    r"|mimikatz|impacket-\w+|secretsdump(?:\.py)?|psexec(?:\.py)?|crackmapexec|responder)\s+\S"
    # a quote broken out of a string into SQL: "admin' OR '1'='1' --"
    r"|.*'\s*(?i:or|and|union|;)\s)"
)
_PROSE_FILE = re.compile(r"\.(?:md|markdown|rst|txt|html?|adoc)$", re.I)

DETECTION_RULE = lx(
    r"^\s*(?:private\s+|global\s+)?rule\s+\w+[^\n{]*\{[\s\S]{0,4000}?\b(?:strings|condition)\s*:"
    r"|^\s*(?:detection|logsource)\s*:\s*$"
    r"|^\s*(?:alert|drop|reject|pass|log)\s+(?:tcp|udp|ip|icmp|http|tls|dns|smb|ftp|ssh)\b"
    r"[^\n]*\(\s*msg\s*:"
    r"|\|\s*where\s+\w+\s+(?:has|contains|has_any|matches\s+regex|startswith|endswith|in~)\b"
    r"|\b(?:DeviceProcessEvents|DeviceNetworkEvents|DeviceEvents|SecurityEvent|SigninLogs"
    r"|process_creation)\b|\b(?:sourcetype|EventCode|EventID)\s*=|\|\s*t?stats\b"
    r"|\bprocess\s+where\s+\w|^\s*-[wa]\s+\S+[^\n]*\s-k\s+\w+|<(?:RuleGroup|ProcessCreate)\b",
    re.M,
)
# A region that tests for attack strings rather than using them (a detector script).
INDICATOR = lx(
    r"\b(?:suspicious\w*|indicators?|iocs?|signatures?|detect\w*|alert(?:s|ing)?\b(?!\s*\()"
    r"|blocklist|denylist|blacklist|watchlist|malicious|hunt\w*|grep|egrep|Select-String"
    r"|findstr|re\.(?:search|compile|match|findall)|includes|contains|CommandLine|cmdline"
    r"|patterns?)\b"
)
DEFENSIVE = lx(
    r"(?<!avoid )(?<!evade )(?<!bypass )(?<!avoiding )\b(?:detect(?:ing|ion|s)?\b"
    r"|indicators? of compromise|iocs?\b|mitigat\w*|defen[cs]\w*|blue[- ]team|threat[- ]hunt"
    r"|soc analysts?|alert(?:s|ing)? on|monitor(?:ing)? for|signs? of|protect(?:ing)? "
    r"(?:against|yourself|your)|prevent\w*|harden\w*|remediat\w*|saniti[sz]\w*"
    r"|parameteri[sz]ed|prepared statements?|placeholders?|escap(?:e|ing) (?:user )?input"
    r"|yara|sigma rules?|snort|suricata|forensic\w*|incident response|vulnerable (?:code|to))"
)
EVASION = lx(
    r"\b(?:evad(?:e|es|ing)|evasion|avoid(?:ing)? (?:detection|the (?:av|antivirus|edr)"
    r"|antivirus|av\b|edr|defender)|undetect\w*|(?:not|never|from|avoid(?:ing)?|without) "
    r"(?:being |getting )?(?:detected|noticed|caught|flagged)\b|(?:isn't|is not|won't be|aren't)"
    r" (?:detected|flagged|noticed)|stealth\w*|bypass(?:ing|es)? (?:the )?(?:av|antivirus|edr"
    r"|defender|amsi|security|detection)|cover (?:your|our|my|the) tracks|fud\b)"
)
# The left-hand side of an assignment that ends where a right-hand side begins.
_ASSIGNEE = re.compile(r"(?P<v>\$?[A-Za-z_]\w*)(?:\s*,\s*\$?\w+)*\s*:?=(?!=)[^=]{0,60}$")
_DECLARED = re.compile(r"\b(?:const|let|var|my|local|auto|int|SOCKET|Socket)\s+$")

INLINE_PENALTY = 0.15  # inline code in prose rather than a code block
PROSE_PENALTY = 0.35  # a bare mention in prose: only a strong one-liner still counts


@dataclass(slots=True)
class Region:
    """`text[start:end]` of one unit, read as `code` or `text` (prose around inline code).
    Patterns run on `low`, the unit lowercased; offsets index both."""

    text: str
    low: str
    start: int
    end: int
    kind: str
    lang: str = ""
    low_body: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.low_body = self.low[self.start : self.end]

    @property
    def body(self) -> str:
        return self.text[self.start : self.end]

    def has(self, *tokens: str) -> bool:
        """Whether any of the lowercase `tokens` occurs in the region (a cheap gate)."""
        body = self.low_body
        for t in tokens:  # noqa: SIM110 - a plain loop is faster than any() on the hot path
            if t in body:
                return True
        return False

    def find(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(self.low, self.start, self.end)

    def all(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        return list(pattern.finditer(self.low, self.start, self.end))

    def assigned(self, rhs: re.Pattern[str]) -> list[tuple[str, re.Match[str]]]:
        """(variable, match) for each match of `rhs` that is the value of an assignment
        (`s = socket.socket(`, `c, _ := net.Dial(`, `$c = $_GET['c']`)."""
        out = []
        for m in self.all(rhs):
            lo = self.text.rfind("\n", self.start, m.start()) + 1 or self.start
            a = self.text[max(lo, m.start() - 120) : m.start()]
            v = _ASSIGNEE.search(a)
            if v is not None:
                out.append((v.group("v"), m))
        return out

    def hit(self, rule: Rule, m: re.Match[str], score: float, group: int | str = 0) -> Hit:
        """A hit quoting the line `m` sits on (or `m` itself when the line is long); in prose
        it scores less, and less again outside inline code."""
        a, b = m.span(group)
        if self.kind == "text":
            score -= INLINE_PENALTY if self.in_backticks(a) else PROSE_PENALTY
        lo = self.text.rfind("\n", self.start, a) + 1 or self.start
        hi = self.text.find("\n", b, self.end)
        hi = self.end if hi < 0 else hi
        if hi - lo <= 240:
            a, b = lo, hi
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return Hit(rule, a, b, score)

    def in_string(self, pos: int) -> bool:
        """Whether `pos` sits inside a quoted literal on its line."""
        lo = self.text.rfind("\n", self.start, pos) + 1 or self.start
        before = self.text[lo:pos]
        return before.count('"') % 2 == 1 or before.count("'") % 2 == 1

    def in_backticks(self, pos: int) -> bool:
        """Whether `pos` sits in inline code (`...`) on its line."""
        lo = self.text.rfind("\n", self.start, pos) + 1 or self.start
        return self.text.count("`", lo, pos) % 2 == 1

    def indicator(self, pos: int) -> bool:
        """Whether `pos` is an attack string a detector script looks for, not one it runs."""
        return self.in_string(pos) and self.find(INDICATOR) is not None

    @property
    def detection_rule(self) -> bool:
        return self.kind == "code" and self.find(DETECTION_RULE) is not None


# One line that opens by breaking out of a quoted string: "1'; INSERT INTO ...", "' OR 1=1 --".
_BREAKOUT = re.compile(r"\s*[\w%-]*'\s*(?:;|\)\s*(?:or|and|;)|--|#|(?i:or|and|union)\s)")


def _looks_like_code(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return len(lines) == 1 and _BREAKOUT.match(lines[0]) is not None
    return sum(1 for ln in lines if _CODE_LINE.match(ln)) >= 0.6 * len(lines)


def regions(text: str, *, tool_arg: bool = False, path: str = "") -> list[Region]:
    """Fenced blocks as `code` and the text between them as `text` (or `code` where it is
    bare code); a unit without fences is one region, `code` when it is a tool argument
    (other than a prose file) or looks like code."""
    low = lower(text)
    fences = _fences(text)
    if not fences:
        code = (tool_arg and not _PROSE_FILE.search(path)) or _looks_like_code(text)
        return [Region(text, low, 0, len(text), "code" if code else "text")]
    out: list[Region] = []
    pos = 0
    for start, body, body_end, end, lang in fences:
        out.append(_gap(text, low, pos, start))
        out.append(Region(text, low, body, body_end, "code", lang))
        pos = end
    out.append(_gap(text, low, pos, len(text)))
    return [r for r in out if r.end > r.start]


def _fences(text: str) -> list[tuple[int, int, int, int, str]]:
    """(fence start, body start, body end, fence end, language) of each fenced block; an
    unclosed fence runs to the end."""
    out: list[tuple[int, int, int, int, str]] = []
    opened: tuple[int, int, str, str] | None = None
    for mark in ("```", "~~~"):
        i = text.find(mark)
        while i >= 0:
            lo = text.rfind("\n", 0, i) + 1
            hi = text.find("\n", i)
            hi = len(text) if hi < 0 else hi
            m = _FENCE_LINE.match(text, lo, hi) if not text[lo:i].strip() else None
            if m is not None:
                tick, lang = m.group(1), m.group(2).lower()
                if opened is None:
                    opened = (lo, min(hi + 1, len(text)), tick, lang)
                elif tick[0] == opened[2][0] and len(tick) >= len(opened[2]) and not lang:
                    out.append((opened[0], opened[1], lo, hi, opened[3]))
                    opened = None
            i = text.find(mark, hi)
        if opened is not None:
            out.append((opened[0], opened[1], len(text), len(text), opened[3]))
            opened = None
        if out:
            break
    return sorted(out)


def _gap(text: str, low: str, start: int, end: int) -> Region:
    kind = "code" if _looks_like_code(text[start:end]) else "text"
    return Region(text, low, start, end, kind)


def prose_of(parts: list[Region]) -> str:
    """The prose of a unit, lowercased: its `text` regions joined."""
    return "\n".join(r.low_body for r in parts if r.kind == "text")
