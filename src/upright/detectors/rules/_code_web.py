"""Web attacks for `code_rules`: web shells, request input run as a command, and injection
payloads sent at a target (SQL injection, cookie-stealing XSS, command injection, Log4Shell,
template injection, path traversal).

A web shell runs what a request carries: `eval($_POST['x'])`, `system($_GET['cmd'])`,
`os.popen(request.args['cmd'])`, directly or through a variable assigned from the request.
An injection payload counts when it is aimed at something: the region also makes an HTTP
request, drives a browser or names a URL. The classic `' OR '1'='1` shown in an explanation
of SQL injection, next to a parameterised-query fix, has no target.
"""

from __future__ import annotations

import re

from upright.detectors.rules._code_context import Region, lx
from upright.detectors.rules._common import Hit, Rule
from upright.types import Severity

_CRIT, _HIGH, _MED = Severity.critical, Severity.high, Severity.medium

_SUPERGLOBAL = r"\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b"
_PHP_SINK = (
    r"(?<![\w>$])(?:eval|assert|system|exec|passthru|shell_exec|popen|proc_open|pcntl_exec"
    r"|create_function|call_user_func(?:_array)?)\s*\("
)
_PHP_SHELL = lx(
    rf"{_PHP_SINK}\s*[^;\n]{{0,80}}?{_SUPERGLOBAL}|`\s*{_SUPERGLOBAL}"
    rf"|preg_replace\s*\(\s*['\"][^'\"\n]*/e['\"][^;\n]*{_SUPERGLOBAL}"
)
_SOURCE = (
    r"\brequest\.(?:args|form|values|json|get_json|data|GET|POST|params|query_params|headers"
    r"|cookies)\b|\breq\.(?:query|body|params|headers)\b|\brequest\.getParameter\s*\("
    r"|\bRequest(?:\.QueryString|\.Form)?\s*[\[(]|\br\.URL\.Query\s*\(\)|\br\.FormValue\s*\("
    r"|\bc\.(?:Query|PostForm|Param|DefaultQuery)\s*\(|\bctx\.(?:query|request\.body)\b"
    r"|\bparams\[:\w+\]|" + _SUPERGLOBAL
)
_SOURCE_RX = lx(_SOURCE)
_SOURCE_TOKENS = (
    "$_", "request", "req.", "getparameter", "formvalue", "url.query", "c.query", "c.postform",
    "c.param", "c.defaultquery", "ctx.query", "params[:",
)  # fmt: skip
_SINK_TOKENS = (
    "eval", "exec", "assert", "system", "popen", "passthru", "proc_open", "processbuilder",
    "process.start", "invoke-expression", "subprocess", "getoutput", "call_user_func",
    "create_function", "`",
)  # fmt: skip
_CODE_SINK = r"(?<![\w.])(?:eval|exec|assert)\s*\("
_SHELL_SINK = (
    r"\bos\.(?:system|popen)\s*\(|\bsubprocess\.\w+\s*\((?=[^\n]*shell\s*=\s*True)"
    r"|\bcommands\.getoutput\s*\(|\bchild_process\b[^\n]*\bexec|\bexecSync\s*\("
    r"|(?<![\w.])exec\s*\(|getRuntime\s*\(\)\s*\.exec\s*\(|\bnew\s+ProcessBuilder\s*\("
    r"|\bexec\.Command\s*\(|(?<![\w.])(?:system|shell_exec|passthru|popen|proc_open)\s*\("
    r"|\bProcess\.Start\s*\(|\bInvoke-Expression\b"
)
_SINK = lx(rf"{_CODE_SINK}|{_SHELL_SINK}")
_ESCAPED = lx(r"escapeshell(?:arg|cmd)|shlex\.quote|\bquote\s*\(")
_CMD_PARAM = lx(
    r"['\"](?:cmd|command|exec|execute|code|c|run|shell|x)['\"]|\.(?:cmd|command|exec|code"
    r"|shell)\b|\b(?:cmd|command)\b"
)

WEBSHELL = Rule("webshell", _PHP_SHELL, 0.9, _HIGH, "runs commands from a web request (web shell)")
CMD_INJECTABLE = Rule(
    "request-to-shell", _SINK, 0.6, _MED, "passes request input to a shell (command injection)"
)


def webshell(r: Region) -> list[Hit]:
    if not (r.has(*_SOURCE_TOKENS) and r.has(*_SINK_TOKENS)):
        return []
    hits = []
    if r.has("$_"):
        hits += [
            r.hit(WEBSHELL, m, 0.9)
            for m in r.all(_PHP_SHELL)
            if not r.indicator(m.start()) and not _ESCAPED.search(m.group(0))
        ]
    sources = {v.lower(): m for v, m in r.assigned(_SOURCE_RX)}
    taint = "|".join(re.escape(n) for n in sources if n.startswith("$") or len(n) > 1)
    taint_rx = lx(_SOURCE + (rf"|(?<![\w$])(?:{taint})\b" if taint else ""))
    for sink in r.all(_SINK):
        end = r.low.find("\n", sink.end(), r.end)
        args = r.low[sink.end() : end if end >= 0 else r.end][:200]
        used = taint_rx.search(args)
        if used is None or _ESCAPED.search(args) or r.indicator(sink.start()):
            continue
        source = sources.get(used.group(0))
        context = r.low[source.start() : source.end() + 40] if source else ""
        named = _CMD_PARAM.search(f"{args[:120]} {context}")
        if re.match(_CODE_SINK, sink.group(0)) or named:
            hits.append(r.hit(WEBSHELL, sink, 0.85))
        else:
            hits.append(r.hit(CMD_INJECTABLE, sink, 0.6))
    return hits


# ---- injection payloads aimed at a target ------------------------------------------------
_SP = r"(?:\s|\+|%20|/\*\*/)"
# Every branch opens with a literal, so `re` skips ahead fast.
_SQLI = lx(  # `admin' --` ends its string or line
    r"'(?<=\w')\)?\s*(?:--|#)[ -]*(?=['\"`]|$)|%27(?<=\w%27)\)?(?:--|#|%23)"
    rf"|union{_SP}+(?:all{_SP}+)?select{_SP}+(?:null\b|\d+{_SP}*,|[^\n]{{0,80}}(?:information_"
    r"schema|@@version|version\(\)|user\(\)|database\(\)|passw|pg_shadow|mysql\.user"
    r"|sqlite_master|table_name|column_name|group_concat|concat\())"
    r"|'\s*;\s*(?:drop|exec|shutdown|insert|update|create|grant|alter)\b"
    r"|%27\s*;\s*(?:drop|exec|shutdown|insert|update|create|grant|alter)\b"
    r"|waitfor\s+delay\s+'|xp_cmdshell|load_file(?<![\w.]load_file)\s*\(\s*['\"]?(?:/|0x|[a-z]:)|into\s+outfile\b"
    r"|and\s+sleep\s*\(\s*\d+\s*\)|or\s+sleep\s*\(\s*\d+\s*\)|benchmark\s*\(\s*\d{5,}"
    r"|'\)?\s*(?:and|or)\s+(?:if|substring|substr|ascii|exists|\(\s*select)\s*\("
    r"|,\s*sleep\s*\(\s*\d+\s*\)|\(\s*sleep\s*\(\s*\d+\s*\)",
    re.M,
)
# `' OR '1'='1`, `" or 1=1`, `%27 OR 'a'='a`: a condition that is always true.
_TAUTOLOGY = lx(
    rf"['\"%](?<!\w%)(?:27)?\)?{_SP}*(?:or|\|\|){_SP}+['\"]?(?P<x>\w+)['\"]?{_SP}*"
    rf"(?:=|%3d|like){_SP}*['\"]?(?P<y>\w+)|['\"]{_SP}*or{_SP}+true\b"
)
# Payloads no explanation needs: they count without a visible target.
_SQLI_STRONG = lx(
    r"'\)?\s*(?:and|or)\s+(?:if|substring|substr|ascii|exists|\(\s*select)\s*\([^\n]{0,160}"
    r"(?:sleep|benchmark|waitfor|passw)|union\s+(?:all\s+)?select\b[^\n]{0,120}\bfrom\s+(?:users"
    r"|information_schema|mysql\.user|pg_shadow|sys\.\w+|admin\w*)|'\s*;\s*(?:drop|insert|update"
    r"|create|grant|alter|exec)\b|'\s*;\s*(?:if|select|declare|waitfor)\b[^\n]{0,200}(?:waitfor\s+delay"
    r"|sleep\s*\(|benchmark\s*\(|pg_sleep)|xp_cmdshell\b[^\n]{0,200}(?:powershell|iex|certutil|curl|wget"
    r"|bitsadmin|downloadstring|nc\b|cmd)|sp_configure\s+['\"]xp_cmdshell['\"]\s*,\s*1"
)
_COOKIE_THEFT = lx(
    r"(?:fetch|Image\s*\(\s*\)|\.src|location(?:\.href)?|\.open|sendBeacon|\.send)\s*(?:\(|=)?"
    r"[^\n;]{0,160}document\.cookie|https?://[^\s'\"]*['\"]\s*\+\s*(?:encodeURIComponent\s*\("
    r"|escape\s*\(|btoa\s*\()?\s*document\.cookie"
)
_CMD = (  # `id` and `whoami` end the payload: `|id|user` in a regex is not one
    r"\s*(?:cat\s+/etc/(?:passwd|shadow)|(?:id|whoami)(?=\s*(?:['\"`;)#]|&&|$))|uname\s+-a|nc\s+-"
    r"|ncat\b|wget\s+https?:"
    r"|curl\s+https?:|(?:ba)?sh\s+-[ic]|sleep\s+\d+|ping\s+-[cn]\s*\d)"
)
_CMDI = lx(
    "|".join(op + _CMD for op in (";", "&&", r"\|", "%3b", "%7c", "%26%26", r"\$\(", "`")), re.M
)
_JNDI = lx(r"\$\{jndi:(?:ldaps?|rmi|dns|iiop|https?|nis|nds|corba)://")
_SSTI = lx(
    r"\{\{[^}\n]{0,200}(?:__class__|__mro__|__subclasses__|__globals__|__builtins__|__import__"
    r"|request\.application)[^}\n]{0,200}\}\}"
)
_TRAVERSAL = lx(
    r"(?:\.\./|\.\.\\|%2e%2e%2f|\.\.%2f){3,}[^\s'\"]{0,40}(?:etc/passwd|etc/shadow|win\.ini"
    r"|boot\.ini|id_rsa|\.env\b|web\.config)"
)
_DELIVER = lx(
    r"requests\.\w+\s*\(|urlopen\s*\(|urllib|httpx\.|fetch\s*\(|axios|curl\b|wget\b"
    r"|session\.(?:get|post)\s*\(|send_keys\s*\(|\.fill\s*\(|sqlmap|invoke-webrequest"
    r"|http(?:s?://[^\s'\"]*\?[^\s'\"]*=|\.(?:get|post|newrequest)\s*\(|client\b)"
    r"|client\.(?:get|post)\s*\(|\$\.(?:get|post|ajax)\s*\(|get\s+/\S*\s+http/"
    r"|post\s+/\S*\s+http/|put\s+/\S*\s+http/"
)
_SQLMAP = lx(r"\bsqlmap(?:\.py)?\s+[^\n]*-u\s+\S+")

SQLI = Rule("sql-injection", _SQLI, 0.85, _HIGH, "sends SQL injection payloads to a target")
XSS = Rule("xss-cookie-theft", _COOKIE_THEFT, 0.85, _HIGH, "XSS payload that steals cookies")
CMDI = Rule("command-injection", _CMDI, 0.8, _HIGH, "sends command-injection payloads")
JNDI = Rule("log4shell", _JNDI, 0.85, _CRIT, "sends a Log4Shell (JNDI) payload")
SSTI = Rule("template-injection", _SSTI, 0.8, _HIGH, "template-injection code-execution payload")
TRAVERSAL = Rule("path-traversal", _TRAVERSAL, 0.75, _HIGH, "requests a file by path traversal")


_DELIVER_TOKENS = (
    "requests.", "urlopen", "urllib", "httpx.", "fetch(", "axios", "curl", "wget", "session.",
    "send_keys", ".fill(", "sqlmap", "http", "invoke-webrequest", "client.", "$.",
)  # fmt: skip


_SQL_TOKENS = (
    "' or", "'or ", "' and", "'and ", "'--", "' --", "'#", "') or", "') and", "union", "sleep(",
    "xp_cmdshell", "sp_configure", "'; ", "';d", "';i", "';u", "';e", "';c", "';g", "';a", "%27",
    '" or', "benchmark(", "waitfor", "load_file", "outfile",
)  # fmt: skip


def _sqli(r: Region) -> list[re.Match[str]]:
    return r.all(_SQLI) + [m for m in r.all(_TAUTOLOGY) if m.group("x") == m.group("y")]


def injection(r: Region) -> list[Hit]:
    hits = []
    if r.has("document.cookie"):
        hits += [r.hit(XSS, m, 0.85) for m in r.all(_COOKIE_THEFT)]
    if r.has("${jndi:"):
        hits += [r.hit(JNDI, m, 0.85) for m in r.all(_JNDI)]
    if r.has("{{") and r.has("__"):
        hits += [r.hit(SSTI, m, 0.8) for m in r.all(_SSTI)]
    if r.kind == "code" and r.has(*_SQL_TOKENS):
        strong = r.all(_SQLI_STRONG)
        if len(strong) + len(_sqli(r)) >= 3 or strong:  # a payload list, or one no one needs
            hits += [r.hit(SQLI, m, 0.8) for m in strong or _sqli(r)]
    if not r.has(*_DELIVER_TOKENS) or r.find(_DELIVER) is None:
        return hits
    sqli = _sqli(r) if r.has(*_SQL_TOKENS) else []
    if r.has("sqlmap"):
        sqli += r.all(_SQLMAP)
    hits += [r.hit(SQLI, m, 0.85) for m in sqli if not r.indicator(m.start())]
    if r.has("../", "..\\", "%2e%2e", "..%2f"):
        hits += [r.hit(TRAVERSAL, m, 0.75) for m in r.all(_TRAVERSAL) if not r.indicator(m.start())]
    hits += [r.hit(CMDI, m, 0.8) for m in r.all(_CMDI) if r.in_string(m.start())]
    return hits


# Tokens one of which every rule here needs: `code_rules` runs these only when one occurs.
ANCHORS = (
    *_SOURCE_TOKENS, *_SQL_TOKENS, *_DELIVER_TOKENS, "document.cookie", "${jndi:", "{{",
)  # fmt: skip
