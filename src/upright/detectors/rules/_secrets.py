"""Live secrets in code for `code_rules`, found with detect-secrets' plugins, in memory.

The vendor plugins (AWS, GitHub, GitLab, Slack, Stripe, OpenAI, SendGrid, private keys, ...)
and the keyword plugin (`password = "..."`) run line by line, only on lines a cheap gate
passes, through `analyze_string` (no files, no global settings, no verification calls).
What they find is dropped when it is a placeholder (`YOUR_API_KEY`, `xxxx`, `changeme`,
`example`, `test_password`, `dummy`), a reference (`os.environ[...]`, `${VAR}`, `$VAR`), too
weak to be a real password, a dev database URL on localhost, a value the user or system
prompt supplied, or a keyword password inside a unit test. Evidence quotes the line up to the
first four characters of the secret, so a finding does not copy the secret into a store.
"""

from __future__ import annotations

import base64
import importlib
import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from upright.detectors.rules._code_context import lx
from upright.detectors.rules._common import Hit, Rule, rx
from upright.types import Severity

# detect-secrets' vendor plugins (module.Class); its noisier generic ones are left out.
_PLUGINS = (
    "aws.AWSKeyDetector", "azure_storage_key.AzureStorageKeyDetector",
    "basic_auth.BasicAuthDetector", "discord.DiscordBotTokenDetector",
    "github_token.GitHubTokenDetector", "gitlab_token.GitLabTokenDetector",
    "jwt.JwtTokenDetector", "mailchimp.MailchimpDetector", "npm.NpmDetector",
    "openai.OpenAIDetector", "private_key.PrivateKeyDetector", "pypi_token.PypiTokenDetector",
    "sendgrid.SendGridDetector", "slack.SlackDetector", "square_oauth.SquareOAuthDetector",
    "stripe.StripeDetector", "telegram_token.TelegramBotTokenDetector",
    "twilio.TwilioKeyDetector",
)  # fmt: skip
_VENDOR: tuple[Any, ...] = ()
_KEYWORD: Any = None
_h: Any = None
try:  # detect-secrets is optional: without it only the extra patterns below run
    from detect_secrets.filters import heuristic as _h
    from detect_secrets.plugins import keyword as _kw

    _VENDOR = tuple(
        getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)()
        for module, name in (p.split(".") for p in _PLUGINS)
    )
    _KEYWORD = _kw.KeywordDetector()
    _QUOTED = _kw.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP
    _CONFIG, _GO = _kw.CONFIG_DENYLIST_REGEX_TO_GROUP, _kw.GOLANG_DENYLIST_REGEX_TO_GROUP
except ImportError:  # pragma: no cover
    pass

_HIGH, _MED = Severity.high, Severity.medium
# Newer formats detect-secrets 1.5 does not know.
_EXTRA = rx(
    r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}"
    r"|\bAIza[0-9A-Za-z_-]{35}\b|\bhf_[A-Za-z]{34}\b|\bgithub_pat_[A-Za-z0-9_]{70,}"
    r"|\bxox[abposr]-[A-Za-z0-9-]{20,}",
    0,
)
_ASSIGN = r"\w*['\"\]]{0,2}\s*(?:[:=(]|=>)"
_KEYWORDS = "api_?key auth_?key secret passw(?:or)?d pwd token private_?key access_?key client_?key"
_PREFIXES = (
    r"-----begin akia asia a3t aiza accountkey= sg\. eyj npm_ pypi- sq0csp- hf_ github_pat_ ghp_"
    r" gho_ ghu_ ghs_ ghr_ glpat- gldt- glft- glrt- xox[abposr]- sk_live_ rk_live_ sk-"
    r" hooks\.slack\.com ://[^\s/:@'\"]+:[^\s/@'\"]+@"
)
# Every branch opens with a literal, so `re` skips ahead fast; run on the lowercased text.
GATE = lx(
    "|".join([*(f"{k}{_ASSIGN}" for k in (*_KEYWORDS.split(), "db_?pass")), *_PREFIXES.split()])
)
_PLACEHOLDER = rx(
    r"your|example|sample|dummy|fake|test|changeme|change_me|placeholder|redacted|xxx|\*\*\*|\.\.\."
    r"|<|>|\{\{|\$\{|todo|replace|insert|mock|foo|bar\b|demo|^none$|^null$|^undefined$|^secret$"
    r"|password|^pass$|^admin$|^root$|^postgres$|^guest$|^user$|123456|abcdef|^(.)\1+$|my_?(?:key|secret)"
    r"|^__\w+__$"
)
# `.env` (`KEY=value`, no spaces) and YAML (`key: value`) lines, read without quotes.
_ENV_LINE = re.compile(r"^(?:export\s+)?[A-Z][A-Z0-9_]*=\S|^\s*[\w.-]+:\s+[^\s'\"({\[]")
_CODE_VALUE = re.compile(  # read unquoted: a reference, a type or a literal, not a secret
    r"^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[a-z_]+|none|null|true|false)$|[\[\](){}<>,;]", re.I
)
_LOCAL_URL = rx(r"@(?:localhost|127\.0\.0\.1|0\.0\.0\.0|db|host\.docker\.internal)(?=[:/\s'\"]|$)")
_PEM = rx(
    r"-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----\s*(?:[\w-]+:[^\n]*\n)*\s*[A-Za-z0-9+/=]{40,}"
)
TEST_CODE = lx(
    r"\bdef test_|\bassert\b|\bpytest\b|\bunittest\b|\bdescribe\s*\(|\bit\s*\(\s*['\"]"
    r"|\bexpect\s*\(|@Test\b|\bfunc Test\w+\s*\("
)

PRIVATE_KEY = Rule("private-key", GATE, 0.85, _HIGH, "hard-codes a private key")
VENDOR_TOKEN = Rule("api-token", GATE, 0.8, _HIGH, "hard-codes a live API token")
PASSWORD = Rule("hardcoded-password", GATE, 0.6, _MED, "hard-codes a password or secret")


def _entropy(s: str) -> float:
    return -sum(s.count(c) / len(s) * math.log2(s.count(c) / len(s)) for c in set(s))


def _sample_jwt(token: str) -> bool:
    try:
        part = token.split(".")[1]
        body = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, IndexError, UnicodeDecodeError):
        return True
    return "John Doe" in str(body) or str(body.get("sub", "")) == "1234567890"


_NOT_A_SECRET_KEY = re.compile(
    r"(?:^|[_.-])(?:env|name|type|field|header|prefix|suffix|path|file|url|uri|label|var|kind|id|hint|policy"
    r"|length|len|format|pattern|regex|min|max|count|size|mode|method|algorithm|scheme|endpoint"
    r"|provider|source|ttl|timeout|version|hash|rounds|param|arg|attr|column|table|desc\w*|text"
    r"|title|message|msg|prompt|error|help|class|module|store|manager|location|description)s?$",
    re.I,
)
_KEY_BEFORE = re.compile(r"([\w.-]+)['\"\]]*\s*(?:[:=]|=>|:=|==|!=|\()\s*@?['\"`]?$")
_KEYISH_VALUE = re.compile(r"key|token|secret|passw|auth|bearer|basic|header", re.I)


def _not_a_secret(value: str, line: str, at: int) -> bool:
    """A name, label or setting rather than a secret: `secret_type = "AWS Access Key"`,
    `api_key_env = "TOGETHER_API_KEY"`, `password: str`, `TOKEN_HEADER = "X-Auth-Token"`."""
    if any(c.isspace() for c in value) or _KEYISH_VALUE.search(value):
        return True
    key = _KEY_BEFORE.search(line[:at])
    return key is not None and _NOT_A_SECRET_KEY.search(key.group(1)) is not None


def looks_fake(value: str) -> bool:
    """A placeholder or too weak to be a real password (`changeme`, `bar`, `xxxx`)."""
    return _placeholder(value) or _weak(value)


def _weak(value: str) -> bool:
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^\w]"))
    return len(value) < 6 or (classes < 2 and len(value) < 12) or _entropy(value) < 2.3


def _placeholder(value: str) -> bool:
    if _PLACEHOLDER.search(value) or len(value) < 4:
        return True
    if _h is None:
        return False
    return bool(
        _h.is_sequential_string(value)
        or _h.is_potential_uuid(value)
        or _h.is_templated_secret(value)
        or _h.is_prefixed_with_dollar_sign(value)
    )


def _matches(plugin: Any, line: str) -> Iterator[str]:
    """What a vendor plugin's patterns match in `line`: the whole token, or the captured
    secret where the pattern captures one (a basic-auth password, an AWS secret key)."""
    for pattern in plugin.denylist:
        for m in pattern.finditer(line):
            groups = [g for g in m.groups() if g]
            longest = max(groups, key=len, default="")
            basic = plugin.secret_type == "Basic Auth Credentials"
            yield longest if groups and (basic or len(longest) >= 16) else m.group(0)


def _candidates(line: str) -> Iterator[tuple[str, Rule, bool]]:
    """(value, rule, whether the keyword plugin found it) for each secret-like value."""
    for plugin in _VENDOR:
        for value in _matches(plugin, line):
            kind = plugin.secret_type
            if kind == "Private Key":
                yield value, PRIVATE_KEY, False
            elif kind == "Basic Auth Credentials":
                if not _LOCAL_URL.search(line):
                    yield value, PASSWORD, False
            elif kind != "JSON Web Token" or (
                plugin.is_formally_valid(value) and not _sample_jwt(value)
            ):
                yield value, VENDOR_TOKEN, False
    for m in _EXTRA.finditer(line):
        yield m.group(0), VENDOR_TOKEN, False
    if _KEYWORD is not None and not _h.is_indirect_reference(line):
        config = _ENV_LINE.match(line) is not None
        groups = _CONFIG if config else _GO if ":=" in line else _QUOTED
        for value in _KEYWORD.analyze_string(line, groups):
            if value and not _weak(value) and not (config and _CODE_VALUE.search(value)):
                yield value, PASSWORD, True


def secrets(
    text: str, low: str, given: Callable[[str], bool], in_test: Callable[[int], bool]
) -> list[Hit]:
    """Hits for the live secrets in `text` (`low` is it lowercased); `given(value)` says the
    user supplied it and `in_test(pos)` that `pos` sits in test code."""
    hits: list[Hit] = []
    seen: set[int] = set()
    for g in GATE.finditer(low):
        lo = text.rfind("\n", 0, g.start()) + 1
        if lo in seen:
            continue
        seen.add(lo)
        hi = text.find("\n", g.end())
        line = text[lo : hi if hi >= 0 else len(text)]
        for value, rule, keyword in _candidates(line):
            at = line.find(value)
            if at < 0 or _placeholder(value) or given(value):
                continue
            if keyword and _not_a_secret(value, line, at):
                continue
            pem = _PEM.search(text, lo) if rule is PRIVATE_KEY else None
            if rule is PRIVATE_KEY and (pem is None or pem.start() > lo + len(line)):
                continue
            score = rule.score
            if in_test(lo + at):
                if rule is PASSWORD:
                    continue
                score = 0.55
            if rule is PRIVATE_KEY:  # the header is not secret: quote it whole
                hits.append(
                    Hit(rule, lo + len(line) - len(line.lstrip()), lo + len(line.rstrip()), score)
                )
                continue
            start = lo + max(0, at - 40)
            while text[start].isspace():
                start += 1
            hits.append(Hit(rule, start, lo + at + min(4, len(value)), score))
    return hits


# Tokens one of which every secret here needs: `code_rules` looks only when one occurs.
ANCHORS = (
    "-----begin", "akia", "asia", "a3t", "aiza", "accountkey=", "sg.", "eyj", "npm_", "pypi-",
    "sq0csp-", "hf_", "github_pat_", "gh", "glpat-", "gldt-", "glft-", "glrt-", "xox", "sk_live_",
    "rk_live_", "sk-", "hooks.slack", "@", "key", "secret", "passw", "pwd", "token",
)  # fmt: skip
