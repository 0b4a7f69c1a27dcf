"""Backdoors and persistence for `code_rules`: authentication bypassed by a secret value or
a request flag, authorization checks commented out, hidden or uid-0 accounts, setuid root
shells, LD_PRELOAD rootkits, download-and-run persistence, container escapes and Redis
abused to write files.

Each needs the part that makes it a backdoor: a login check that also accepts a hard-coded
value (not one compared with a configured secret), an account that is hidden or shares
root's uid (not a provisioning script's `useradd deploy`), a cron entry that fetches and
runs code (not a nightly `backup.sh`), a host mount used to write sudoers or passwd (not a
read-only node exporter).
"""

from __future__ import annotations

import re

from upright.detectors.rules._code_context import Region, lx
from upright.detectors.rules._common import Hit, Rule
from upright.detectors.rules._secrets import looks_fake
from upright.types import Severity

_CRIT, _HIGH = Severity.critical, Severity.high

_LIT = r"['\"][^'\"\n]{3,}['\"]"
_GRANT = (
    r"(?:return\s+(?:true|next\s*\(\s*\)|user|admin)\b|login_user\s*\(|next\s*\(\s*\)"
    r"|\$_session\s*\[\s*['\"]\w*(?:admin|logged|auth|user|role)\w*['\"]\s*\]\s*="
    r"|session\s*\[\s*['\"]\w*(?:admin|logged|auth|user|role)\w*['\"]\s*\]\s*="
    r"|(?:is_?admin|authenticated|authorized|logged_?in|is_?superuser)\s*=\s*(?:true|1)\b"
    r"|role\s*=\s*['\"](?:admin|root|superuser)['\"]|req\.user\s*=|g\.user\s*=)"
)
_INPUT = r"(?:request|req\.|\$_(?:get|post|request|cookie|server)|headers?|params|query|cookies?)"
# A request value compared with a literal, then (soon after) access granted.
_BYPASS = lx(
    rf"if\s*\(?[^\n]{{0,120}}?{_INPUT}[^\n]{{0,80}}?(?:==|===|\.equals\s*\()\s*{_LIT}"
    rf"[^\n]{{0,60}}[\s\S]{{0,120}}?{_GRANT}"
    rf"|(?:backdoor|master_?(?:key|pass\w*)|skeleton_?key|god_?mode|bypass_?auth)[\s\S]{{0,200}}?"
    rf"{_GRANT}"
)
# ... or compared with any literal, then made an administrator outright.
_BYPASS_ADMIN = lx(
    rf"if\s*\(?[^\n]{{0,120}}?{_INPUT}[^\n]{{0,80}}?(?:==|===)\s*['\"][^'\"\n]+['\"][^\n]{{0,60}}"
    r"[\s\S]{0,120}?(?:role\s*[:=]\s*['\"](?:admin|root|superuser)['\"]|is_?(?:admin|superuser)\s*[:=]"
    r"\s*(?:true|1)\b)"
)
_MASTER = lx(  # an extra password accepted beside the real check
    r"(?:passw\w*|pwd|pass|token|api_?key|secret)\s*(?:==|===)\s*['\"](?P<a>[^'\"\n]{3,})['\"]\s*"
    r"(?:or|\|\|)|(?:or|\|\|)\s*\w*(?:passw\w*|pwd|pass|token|key|secret)\w*\s*(?:==|===)\s*['\"]"
    r"(?P<b>[^'\"\n]{3,})['\"]"
)
_AUTH_CONTEXT = lx(
    r"login|auth|passw|session|admin|token|middleware|@app\.|router\.|app\.(?:get|post|use)"
)
_AUTH_COMMENTED = lx(
    r"^[ \t]*(?:#|//|--|/\*)[ \t]*(?:@?(?:login_required|require[sd]?_(?:auth|login|admin)\w*"
    r"|auth(?:entication|orization)?_required|permission_required|admin_required|jwt_required"
    r"|user_passes_test|authenticated|authorize)\b|if\s*\(?\s*!?\s*(?:not\s+)?[\w.]*(?:is_?auth"
    r"|is_?admin|isauthenticated|current_user\.is_|has_?perm|check_?(?:auth|perm|admin)"
    r"|authorized|can_?access)\w*|\w*(?:ensure|require|check|verify)_?(?:auth|admin|login"
    r"|token|perm)\w*\s*\()",
    re.M,
)
_ACCOUNT = lx(
    r"\bnet\s+user\s+\S+\s+\S+\s+/add\b|\bnew-localuser\b|\buseradd\b|\badduser\b"
    r"|\bnet\s+localgroup\s+administrators\s+\S+\s+/add|add-localgroupmember\s+-group\s+"
    r"['\"]?administrators"
)
_HIDDEN_ACCOUNT = lx(
    r"specialaccounts\\{1,2}userlist|\buseradd\b[^\n]*\s-o\s[^\n]*-u\s*0\b|\buseradd\b[^\n]*-u\s*0"
    r"\s[^\n]*-o\b|>>\s*/etc/passwd|/etc/passwd['\"]?\s*,\s*['\"]a|:0:0:[^\n:]*:[^\n:]*:/bin/"
    r"(?:ba)?sh|net\s+user\s+\S+\$\s"
)
_SUID_SHELL = lx(
    r"\bchmod\s+(?:[ugoa]*\+s|[4-7][0-7]{3})\s+[^\n;&|]*(?:/tmp/|/dev/shm/|/var/tmp/|\bbash\b"
    r"|/sh\b|\.\w*sh\b)|\bcp\s+/bin/(?:ba|da|z)?sh\s+[^\n;&|]+;?[^\n]{0,80}\bchmod\s+"
    r"(?:[ugoa]*\+s|[4-7][0-7]{3})"
)
_SETUID_C = lx(r"\bsetuid\s*\(\s*0\s*\)")
_SHELL_EXEC = lx(r"\bexec\w*\s*\([^\n]*/bin/(?:ba)?sh|\bsystem\s*\(\s*['\"]/bin/(?:ba)?sh")
_ROOTKIT = lx(
    r"\bdlsym\s*\(\s*rtld_next\s*,\s*['\"](?:readdir|readdir64|opendir|fopen|open|stat|lstat"
    r"|__xstat|__lxstat|access)['\"]|/etc/ld\.so\.preload"
)
_HIDE_FILTER = lx(r"\bstr(?:n?cmp|str)\s*\(|/etc/ld\.so\.preload")
_FETCH_RUN = (
    r"(?:curl|wget)\b[^\n|;]*\|\s*(?:ba|z)?sh\b|wget\b[^\n]*-o-?\s*\S+\s*(?:;|&&)\s*(?:ba)?sh\s"
    r"|\b(?:iex|invoke-expression)\b[^\n]*(?:downloadstring|iwr|invoke-webrequest|\.content)"
    r"|downloadstring\s*\([^\n]*\)\s*\|\s*iex|certutil[^\n]*-urlcache[^\n]*-f|bitsadmin\s+/transfer"
    r"|(?:curl|wget)\b[^\n]*-o\s*(?P<dl>\S+)[^\n]*(?:;|&&)\s*(?:chmod\s+\+x\s+\S+\s*(?:;|&&)\s*)?"
    r"(?:\./|/tmp/)"
)
_PERSIST = lx(
    rf"(?:crontab|/etc/cron|/var/spool/cron|@reboot|(?:\*|\d+)\s+(?:\*|\d+)\s+\*\s+\*\s+\*"
    rf"|execstart\s*=|currentversion\\{{1,2}}run|schtasks\b[^\n]*/create|\\startup\\|\.bashrc"
    rf"|\.profile\b|/etc/rc\.local|launchagents|register-scheduledtask)[^\n]{{0,200}}?(?:{_FETCH_RUN})"
)
_HOST_MOUNT = lx(
    r"-v\s+/:/\w+|--volume\s*=?\s*/:/\w+|hostpath:\s*\n?\s*path:\s*/\s*$|nsenter\s+(?:-\w+\s+)*--?t(?:arget)?\s+1\b",
    re.M,
)
_HOST_WRITE = lx(
    r"/\w+/etc/(?:sudoers|passwd|shadow|crontab|cron\.d)|/\w+/root/\.ssh/authorized_keys"
    r"|nsenter\b[^\n]*(?:useradd|usermod|sudoers|passwd|bash|sh\b)|chroot\s+/\w+[^\n]*(?:useradd"
    r"|usermod|sudoers|passwd\b)"
)
_REDIS = lx(
    r"config\s+set\s+dir\s+['\"]?(?:/root/\.ssh|/var/spool/cron|/etc/cron|/var/www|/home/\w+/\.ssh)"
    r"|config\s+set\s+dbfilename\s+['\"]?(?:authorized_keys|root|\w+\.php|crontab)"
)

BYPASS = Rule("auth-backdoor", _BYPASS, 0.85, _HIGH, "hard-codes a way around authentication")
AUTH_OFF = Rule(
    "auth-check-commented-out", _AUTH_COMMENTED, 0.65, _HIGH, "comments out an authorization check"
)
ACCOUNT = Rule(
    "backdoor-account", _HIDDEN_ACCOUNT, 0.85, _HIGH, "creates a hidden or uid-0 account"
)
SUID = Rule("setuid-shell", _SUID_SHELL, 0.85, _CRIT, "plants a setuid root shell")
ROOTKIT = Rule("rootkit", _ROOTKIT, 0.85, _CRIT, "hides files or processes (LD_PRELOAD rootkit)")
PERSIST = Rule("persistence", _PERSIST, 0.85, _HIGH, "persists a download-and-run of remote code")
ESCAPE = Rule("container-escape", _HOST_MOUNT, 0.8, _HIGH, "escapes a container to modify the host")
REDIS = Rule(
    "redis-abuse", _REDIS, 0.85, _HIGH, "abuses Redis to write SSH keys, cron or web files"
)


_INPUT_TOKENS = ("request", "req.", "$_", "header", "param", "query", "cookie")
_BACKDOOR_WORDS = ("backdoor", "master", "skeleton", "god_mode", "godmode", "bypass")
_SECRET_WORDS = ("password", "passwd", "pwd", "pass ", "token", "api_key", "apikey", "secret")
_AUTH_WORDS = (
    "login_required", "auth", "permission", "admin", "user_passes_test", "has_perm", "can_access",
    "current_user", "jwt_required",
)  # fmt: skip
_PERSIST_TOKENS = (
    "cron", "@reboot", "* * *", "execstart", "currentversion", "schtasks", "startup", ".bashrc",
    ".profile", "rc.local", "launchagents", "scheduledtask",
)  # fmt: skip


def _literal(r: Region, m: re.Match[str]) -> str:
    """The password literal of a `_MASTER` match, as written (case kept)."""
    group = "a" if m.group("a") else "b"
    return r.text[m.start(group) : m.end(group)]


def backdoor(r: Region) -> list[Hit]:
    hits: list[Hit] = []
    compared = r.has("==", ".equals(")
    if ((compared and r.has(*_INPUT_TOKENS)) or r.has(*_BACKDOOR_WORDS)) and r.find(_AUTH_CONTEXT):
        hits += [r.hit(BYPASS, m, 0.85) for m in r.all(_BYPASS) or r.all(_BYPASS_ADMIN)]
    if compared and r.has(*_SECRET_WORDS) and r.has(" or ", "||"):
        hits += [r.hit(BYPASS, m, 0.8) for m in r.all(_MASTER) if not looks_fake(_literal(r, m))]
    if r.has("#", "//", "--", "/*") and r.has(*_AUTH_WORDS):
        hits += [r.hit(AUTH_OFF, m, 0.65) for m in r.all(_AUTH_COMMENTED)]
    if r.has("user", "passwd", "localgroup", ":0:0:"):
        for m in r.all(_HIDDEN_ACCOUNT):
            if r.find(_ACCOUNT) or ":0:0:" in m.group(0) or "passwd" in m.group(0):
                hits.append(r.hit(ACCOUNT, m, 0.85))
    if r.has("chmod"):
        hits += [r.hit(SUID, m, 0.85) for m in r.all(_SUID_SHELL)]
    if r.has("setuid") and (setuid := r.find(_SETUID_C)) and (shell := r.find(_SHELL_EXEC)):
        hits += [r.hit(SUID, setuid, 0.85), r.hit(SUID, shell, 0.85)]
    if r.has("rtld_next", "ld.so.preload") and r.find(_HIDE_FILTER):
        hits += [r.hit(ROOTKIT, m, 0.85) for m in r.all(_ROOTKIT)]
    if r.has(*_PERSIST_TOKENS):
        hits += [r.hit(PERSIST, m, 0.85) for m in r.all(_PERSIST) if not r.indicator(m.start())]
    mount = r.find(_HOST_MOUNT) if r.has("/:/", "nsenter", "hostpath") else None
    if mount and (write := r.find(_HOST_WRITE)):
        hits += [r.hit(ESCAPE, mount, 0.8), r.hit(ESCAPE, write, 0.8)]
    if r.has("config set"):
        hits += [r.hit(REDIS, m, 0.85) for m in r.all(_REDIS)]
    return hits


# Tokens one of which every rule here needs: `code_rules` runs these only when one occurs.
ANCHORS = (
    *_INPUT_TOKENS, *_BACKDOOR_WORDS, *_SECRET_WORDS, *_AUTH_WORDS, "user",
    "passwd", "localgroup", ":0:0:", "chmod", "setuid", "rtld_next", "ld.so.preload",
    *_PERSIST_TOKENS, "/:/", "nsenter", "hostpath", "config set",
)  # fmt: skip
