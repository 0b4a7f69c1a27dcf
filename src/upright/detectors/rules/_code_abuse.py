"""Abuse of other people's systems and data for `code_rules`: credential and card skimmers,
phishing harvesters, cryptojacking, ARP spoofing, environment secrets shipped out by an
install hook or script, other tenants' configs harvested, memory-corruption exploits.

A skimmer reads password or card fields and sends them to an absolute URL (a login form
that posts to its own `/login` does not match); a harvester writes submitted passwords to a
file, a mail or a chat bot (a login handler checks them); a miner counts only when it is
hidden or planted in someone's pages; the whole environment (`process.env`, `os.environ`)
must be sent out, not one variable read.
"""

from __future__ import annotations

from upright.detectors.rules._code_context import Region, lx
from upright.detectors.rules._common import Hit, Rule
from upright.types import Severity

_CRIT, _HIGH = Severity.critical, Severity.high

_FIELDS = lx(
    r"type\s*=\s*\\?['\"]?password|\[name\s*\*?=\s*\\?['\"]?pass|cc-?num|card-?number|card_number"
    r"|cardnumber|\bcvv\b|\bcvc\b|cc-exp|ccnum|getelementbyid\s*\(\s*['\"]\w*(?:pass|card|cvv)"
    r"|queryselector\w*\s*\(\s*['\"][^'\"]*(?:password|card|cvv|cc-)"
)
_READ = lx(r"\.value\b|new\s+formdata\s*\(|\.serialize\s*\(|\.elements\b")
_SEND_OUT = lx(
    r"(?:fetch|sendbeacon|\.open|axios\.\w+|\$\.(?:post|ajax|get))\s*\(\s*['\"`]https?://"
    r"|new\s+image\s*\(\s*\)[^\n]{0,40}\.src\s*=|\.src\s*=\s*['\"`]https?://"
    r"|api\.telegram\.org|discord(?:app)?\.com/api/webhooks|websocket\s*\(\s*['\"`]wss?://"
)
_SUBMITTED = lx(
    r"\$_(?:post|request|get)\s*\[\s*['\"]\w*pass|request\.(?:form|values|json|args)"
    r"(?:\.get\s*\(|\s*\[)\s*['\"]\w*pass|req\.body\.\w*pass|req\.body\s*\[\s*['\"]\w*pass"
)
_STORE = lx(
    r"file_put_contents\s*\(|\bfwrite\s*\(|\bfopen\s*\([^\n]*['\"]a|\bopen\s*\([^\n]*['\"]a\+?['\"]"
    r"|appendfile\w*\s*\(|\bmail\s*\(|smtplib|api\.telegram\.org|discord(?:app)?\.com/api/webhooks"
    r"|>>\s*['\"]?\w+\.(?:txt|log)"
)
_MINER = lx(
    r"stratum\+(?:tcp|ssl)://|\bxmrig\b|coinhive|cryptonight|coin-?imp|minero\.cc|webminepool"
    r"|\bminexmr\b|nanopool\.org|supportxmr|moneroocean|--donate-level|cryptoloot"
)
_COVERT = lx(
    r"<script|document\.write|appendchild|insertadjacenthtml|\bsed\s+-i\b[^\n]*</|>>\s*\S*\.(?:js|php"
    r"|html)|\bnohup\b|\bdisown\b|kworker|\[kthreadd\]|ld\.so\.preload|crontab|@reboot|\bsystemd\b"
    r"|--background|-b\b[^\n]*-o|hidden|chattr\s+\+i|wp-content|index\.php|footer\.php"
)
_ARP = lx(
    r"\barp\s*\([^\n]*op\s*=\s*(?:2|['\"]is-at['\"])|\barpspoof\b[^\n]*-t\b|\bettercap\b[^\n]*"
    r"-m\s+arp|\barp\.spoof\s+on\b|\bbettercap\b[^\n]*arp\.spoof"
)
_ENV_DUMP = lx(
    r"json\.stringify\s*\(\s*process\.env\s*\)|\{\s*\.\.\.process\.env\s*\}|process\.env\s*\)"
    r"|dict\s*\(\s*os\.environ\s*\)|os\.environ\.copy\s*\(|json\.dumps\s*\(\s*(?:dict\s*\(\s*)?"
    r"os\.environ|\bprintenv\b[^\n]*\|\s*(?:curl|nc|wget)|\benv\b\s*\|\s*(?:curl|nc|base64)"
    r"|os\.environ\.items\s*\(\)[\s\S]{0,200}?(?:post|send|urlopen)"
    # the whole environment as a value in what is built to be sent: `{ env: process.env }`
    r"|[:=(,]\s*(?:process\.env|os\.environ)\s*[,})\]]"
)
_ENV_OUT = lx(
    r"https?\.request\s*\(|https?\.get\s*\(\s*['\"`]https?://|fetch\s*\(\s*['\"`]https?://"
    r"|requests\.(?:post|get)\s*\(|urlopen\s*\(|\bcurl\b|\bnc\b|dns\.resolve|\.lookup\s*\("
    r"|axios\.\w+\s*\(\s*['\"`]https?://|webhook"
)
_INSTALL_HOOK = lx(
    r"['\"](?:pre|post)?install['\"]\s*:\s*['\"][^'\"\n]*(?:curl|wget|\|\s*(?:ba)?sh|powershell"
    r"|node\s+-e|python\s+-c)"
)
_TENANTS = lx(r"/home/\*/|/var/www/\*/|/home/['\"]?\s*\+|os\.listdir\s*\(\s*['\"]/home/?['\"]")
_CONFIGS = lx(r"wp-config\.php|configuration\.php|config\.php|\.env\b|settings\.py|database\.yml")
_CONF_SECRET = lx(r"db_password|db_pass\b|password|passwd")
_OVERFLOW = lx(r"(?:b?['\"]a['\"]|b?['\"]\\x90['\"]|['\"]\\x41['\"])\s*\*\s*\d{2,}")
_ADDRESS = lx(
    r"struct\.pack\s*\(\s*['\"][<>!]?[qil]['\"]|\bp(?:64|32)\s*\(|(?:\\x[0-9a-f]{2}){4}"
    r"|\bpack\s*\(\s*['\"]v['\"]|0x[0-9a-f]{6,}"
)
_TARGET = lx(
    r"subprocess\.\w+\s*\(\s*\[\s*['\"](?:\./|/usr/|/opt/|/home/)|os\.system\s*\(\s*['\"](?:\./|/)"
    r"|\bprocess\s*\(\s*['\"]|\bremote\s*\(|\bexecve?\s*\(|\.connect\s*\(\s*\(|argv\s*\["
)

_FIELD_TOKENS = ("password", "card", "cvv", "cvc", "cc-", "ccnum")
_FORM_TOKENS = ("$_post", "$_request", "$_get", "request.", "req.body")
_MINER_TOKENS = (
    "stratum", "xmrig", "coinhive", "cryptonight", "coin", "minero", "webminepool", "minexmr",
    "nanopool", "supportxmr", "moneroocean", "donate-level", "cryptoloot",
)  # fmt: skip

SKIMMER = Rule("skimmer", _FIELDS, 0.85, _HIGH, "skims passwords or card data from web forms")
HARVESTER = Rule("credential-harvester", _SUBMITTED, 0.85, _HIGH, "harvests submitted passwords")
MINER = Rule("cryptojacking", _MINER, 0.8, _HIGH, "plants a hidden cryptocurrency miner")
ARP = Rule("arp-spoofing", _ARP, 0.8, _HIGH, "ARP-spoofs a victim to intercept traffic")
ENV_EXFIL = Rule("env-exfiltration", _ENV_DUMP, 0.85, _HIGH, "sends the environment's secrets out")
INSTALL = Rule("install-hook", _INSTALL_HOOK, 0.75, _HIGH, "install hook fetches and runs code")
TENANTS = Rule("tenant-harvest", _TENANTS, 0.8, _HIGH, "harvests other users' credentials")
OVERFLOW = Rule("memory-exploit", _OVERFLOW, 0.8, _HIGH, "builds a memory-corruption exploit")


def abuse(r: Region) -> list[Hit]:
    hits: list[Hit] = []
    if r.has(*_FIELD_TOKENS) and r.has(".value", "formdata", "serialize", ".elements"):
        field, out = r.find(_FIELDS), r.find(_SEND_OUT)
        if field and out and r.find(_READ):
            hits += [r.hit(SKIMMER, field, 0.85), r.hit(SKIMMER, out, 0.85)]
    if r.has(*_FORM_TOKENS) and (got := r.find(_SUBMITTED)) and (kept := r.find(_STORE)):
        hits += [r.hit(HARVESTER, got, 0.85), r.hit(HARVESTER, kept, 0.85)]
    if r.has(*_MINER_TOKENS) and (miner := r.find(_MINER)) and (covert := r.find(_COVERT)):
        hits += [r.hit(MINER, miner, 0.8), r.hit(MINER, covert, 0.8)]
    if r.has("arp"):
        hits += [r.hit(ARP, m, 0.8) for m in r.all(_ARP)]
    if r.has("env", "environ") and (dump := r.find(_ENV_DUMP)) and (out := r.find(_ENV_OUT)):
        hits += [r.hit(ENV_EXFIL, dump, 0.85), r.hit(ENV_EXFIL, out, 0.85)]
    if r.has("install"):
        hits += [r.hit(INSTALL, m, 0.75) for m in r.all(_INSTALL_HOOK)]
    tenants = r.find(_TENANTS) if r.has("/home", "/var/www") else None
    if tenants and (conf := r.find(_CONFIGS)) and r.find(_CONF_SECRET):
        hits += [r.hit(TENANTS, tenants, 0.8), r.hit(TENANTS, conf, 0.8)]
    if r.has("'a'", '"a"', "\\x90", "\\x41") and (fill := r.find(_OVERFLOW)):
        addr, target = r.find(_ADDRESS), r.find(_TARGET)
        if addr and target:
            hits += [r.hit(OVERFLOW, m, 0.8) for m in (fill, addr, target)]
    return hits


# Tokens one of which every rule here needs: `code_rules` runs these only when one occurs.
ANCHORS = (
    *_FIELD_TOKENS, *_FORM_TOKENS, *_MINER_TOKENS, "arp", "env", "environ",
    "install", "/home", "/var/www", "'a'", '"a"', "\\x90", "\\x41",
)  # fmt: skip
