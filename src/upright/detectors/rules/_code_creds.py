"""Credential theft for `code_rules`: Mimikatz, LSASS dumps, SAM/NTDS extraction,
Kerberoasting, browser and token stores, `/etc/shadow` cracking, brute-force loops and
credential files sent away.

Tool invocations count alone in code (a Mimikatz command has no benign use outside a
detection rule); stores count with what decrypts them (`Login Data` with
`CryptUnprotectData`), `/etc/shadow` with cracking, and credential files with a network sink.
A string a detector script searches for (`SUSPICIOUS = ["sekurlsa::"]`) does not count.
"""

from __future__ import annotations

from upright.detectors.rules._code_context import Region, lx
from upright.detectors.rules._common import Hit, Rule
from upright.types import Severity

_HIGH = Severity.high

_MIMIKATZ = lx(
    r"\b(?:sekurlsa::\w+|lsadump::\w+|kerberos::(?:golden|silver|ptt|ptc|list|tgt|hash|purge)"
    r"|privilege::debug|token::elevate|vault::(?:cred|list)|dpapi::(?:chrome|cred|masterkey)"
    r"|crypto::(?:capi|cng|certificates)|misc::(?:memssp|skeleton))\b|\bInvoke-Mimikatz\b"
)
_LSASS = lx(
    r"\bprocdump(?:64)?(?:\.exe)?\b[^\n]{0,60}\s-ma\b[^\n]{0,40}\blsass|\bcomsvcs(?:\.dll)?\b"
    r"[^\n]{0,20}\b(?:MiniDump|#24)\b|\bOut-Minidump\b|\bpypykatz\s+lsa\b|\bnanodump\b"
    r"|\blsassy\b|\bsafetykatz\b"
)
_MINIDUMP = lx(r"\bMiniDumpWriteDump\b")
_LSASS_NAME = lx(r"\blsass(?:\.exe)?\b")
_HIVES = lx(
    r"\breg(?:\.exe)?\s+save\s+['\"]?HKLM\\{1,2}(?:SAM|SYSTEM|SECURITY)\b|\bntdsutil\b[^\n]{0,80}"
    r"\bifm\b|\b(?:impacket-)?secretsdump(?:\.py)?\s+\S|\bInvoke-DCSync\b|\bGet-ADReplAccount\b"
    r"|\b(?:copy|esentutl)\b[^\n]{0,160}\bntds\.dit\b"
)
_ROAST = lx(
    r"\bRubeus(?:\.exe)?\s+(?:kerberoast|asreproast|dump|tgtdeleg|harvest)\b|\bInvoke-Kerberoast\b"
    r"|\b(?:impacket-)?GetUserSPNs(?:\.py)?\b[^\n]*\s-request\b|\b(?:impacket-)?GetNPUsers(?:\.py)?\s"
    r"|\blazagne(?:\.exe|\.py)?\s+(?:all|browsers|windows|wifi)\b|\bSharp(?:Chrome|DPAPI)\b"
    r"|\bKerberosRequestorSecurityToken\b|\$krb5tgs\$|\bkrb5tgs\b|\bhashcat\b[^\n]*-m\s*(?:13100|18200)"
    r"|\bHackBrowserData\b"
)
_BROWSER = lx(r"Login Data\b|\blogins\.json\b|\bkey[34]\.db\b|\bsignons\.sqlite\b")
_BROWSER_DECRYPT = lx(
    r"\bCryptUnprotectData\b|\bwin32crypt\b|\bpassword_value\b|\bencrypted_key\b"
    r"|\bPK11SDR_Decrypt\b|\bProtectedData\.Unprotect\b|\bdecrypt_password\b|nss3\b"
    r"|\bencrypted(?:Password|Username)\b"
)
_TOKEN_STORE = lx(r"Local Storage[\\/]+leveldb|['\"]local storage['\"]\s*,\s*['\"]leveldb|leveldb")
_SHADOW = lx(r"/etc/shadow\b")
_CRACK = lx(
    r"\bcrypt\.crypt\s*\(|\bcrypt\s*\(|\bpasslib\b|\bwordlist|\brockyou\b|\bjohn\b|\bhashcat\b"
    r"|\bspwd\.getsp\w*|\bbrute\w*|\bcrack\w*"
)
_CRACKER = lx(
    r"\bunshadow\b|\bhashcat(?:\.exe)?\b[^\n]*\s-[ma]\s*\d|\bjohn\b[^\n]*\s--(?:wordlist|format)\b"
    r"|\bhydra\b[^\n]*\s-[lLpP]\s"
)
_WORDLIST = lx(
    r"\brockyou\b|\bwordlist\w*|\bpass(?:word)?list\w*|\bpasswords?\.txt\b|\bcombo\w*"
    r"|\bcreds?\.txt\b|\bleaked\w*|\bbreach\w*|split\s*\(\s*['\"]:['\"]"
)
_LOGIN_TRY = lx(
    r"\.connect\s*\([^\n]*\bpassword\s*=|\.login\s*\(|requests\.post\s*\([^\n]*(?:login|signin"
    r"|auth)|\bftplib\b|\bparamiko\b[\s\S]{0,400}?password\s*=|\bssh\.password\s*\("
    r"|\bssh\.dial\s*\(|\.post(?:form)?\s*\([^\n]*(?:login|signin|auth)|\bsession\.post\s*\("
)
_LOOP = lx(
    r"\bfor\s+\w+\s+in\b|\bforeach\b|\bwhile\b|\.forEach\s*\(|\bfor\b[^\n]*\brange\b|\bfor\s*\("
)
_CRED_FILES = lx(
    r"\.ssh/id_(?:rsa|ed25519|ecdsa|dsa)\b(?!\.pub)|\.aws/credentials\b|\.git-credentials\b"
    r"|['\"]\.(?:ssh|aws|kube|gnupg)['\"]|['\"]id_(?:rsa|ed25519|ecdsa)['\"]|\.ssh/\*"
    r"|\bwallet\.dat\b|\.kube/config\b|\.docker/config\.json\b|\.pgpass\b|\.netrc\b"
    r"|netsh\s+wlan\s+show\s+profiles?\b[^\n]*key\s*=\s*clear|Login Data\b|/etc/shadow\b"
    r"|Local Storage[\\/]+leveldb"
)
EXFIL = lx(
    r"requests\.post\s*\(|urlopen\s*\(|smtplib|discord(?:app)?\.com/api/webhooks"
    r"|api\.telegram\.org|pastebin\.com|transfer\.sh\b|webhook\.site\b|ngrok"
    r"|curl\b[^\n]*\s(?:-F|--data\S*|-d|-T|--upload-file)\s|Invoke-(?:WebRequest|RestMethod)"
    r"\b[^\n]*-Method\s+Post|\bUpload(?:File|String|Data)\w*\s*\(|\bftplib\b|\.sendall\s*\("
    r"|\bfetch\s*\([^\n]*method\s*:\s*['\"]POST|\|\s*n(?:c|cat)\s+\S+\s+\d+"
    r"|\.request\s*\(\s*['\"]post|https?\.request\s*\(|\bsftp\.put\b|\.upload_file\s*\("
)

MIMIKATZ = Rule("mimikatz", _MIMIKATZ, 0.85, _HIGH, "dumps credentials with Mimikatz")
LSASS_DUMP = Rule("lsass-dump", _LSASS, 0.9, _HIGH, "dumps LSASS memory for credentials")
HIVES = Rule("hive-dump", _HIVES, 0.85, _HIGH, "extracts the SAM/NTDS password hashes")
ROAST = Rule("ticket-theft", _ROAST, 0.8, _HIGH, "harvests Kerberos tickets or saved passwords")
BROWSER = Rule("browser-passwords", _BROWSER, 0.9, _HIGH, "decrypts saved browser passwords")
TOKENS = Rule("token-grabber", _TOKEN_STORE, 0.85, _HIGH, "steals session tokens from an app")
SHADOW = Rule("shadow-crack", _SHADOW, 0.85, _HIGH, "dumps /etc/shadow and cracks the hashes")
CRACK = Rule("password-cracking", _CRACKER, 0.7, _HIGH, "cracks or brute-forces passwords")
BRUTE = Rule("brute-force", _WORDLIST, 0.75, _HIGH, "brute-forces a login from a wordlist")
CRED_EXFIL = Rule(
    "credential-exfiltration",
    _CRED_FILES,
    0.85,
    _HIGH,
    "collects credential files and sends them out",
)
_TOKEN_RULES = (  # (tokens one of which the pattern needs, pattern, rule)
    (
        ("sekurlsa::", "lsadump::", "kerberos::", "privilege::", "token::", "vault::", "dpapi::",
         "crypto::", "misc::", "mimikatz"),
        _MIMIKATZ,
        MIMIKATZ,
    ),
    (
        ("procdump", "comsvcs", "minidump", "pypykatz", "nanodump", "lsassy", "safetykatz"),
        _LSASS,
        LSASS_DUMP,
    ),
    (
        ("reg save", "reg.exe save", "ntdsutil", "secretsdump", "dcsync", "adreplaccount",
         "ntds.dit"),
        _HIVES,
        HIVES,
    ),
    (
        ("rubeus", "kerberoast", "getuserspns", "getnpusers", "lazagne", "sharpchrome",
         "sharpdpapi", "hackbrowserdata", "kerberosrequestor", "krb5tgs", "hashcat"),
        _ROAST,
        ROAST,
    ),
)  # fmt: skip


_STORE_TOKENS = (
    "login data", "logins.json", "key3.db", "key4.db", "signons", "leveldb", "/etc/shadow",
    "unshadow", "hashcat", "john", "hydra", "rockyou", "wordlist", "passlist", "passwords.txt",
    "password.txt", ".ssh/id_", ".aws/credentials", ".git-credentials", "wallet.dat",
    ".kube/config", ".docker/config", ".pgpass", ".netrc", "wlan", "combo", "creds", "leak",
    "breach", ".ssh", ".aws", ".kube", "id_rsa", "id_ed25519",
)  # fmt: skip


def credential_theft(r: Region) -> list[Hit]:
    hits = [
        r.hit(rule, m, rule.score)
        for tokens, pattern, rule in _TOKEN_RULES
        if r.has(*tokens)
        for m in r.all(pattern)
        if not r.indicator(m.start())
    ]
    if (
        r.has("minidumpwritedump")
        and (dump := r.find(_MINIDUMP))
        and (lsass := r.find(_LSASS_NAME))
    ):
        hits += [r.hit(LSASS_DUMP, dump, 0.9), r.hit(LSASS_DUMP, lsass, 0.9)]
    if not r.has(*_STORE_TOKENS):
        return hits
    store, decrypt = r.find(_BROWSER), r.find(_BROWSER_DECRYPT)
    if store and decrypt:
        hits += [r.hit(BROWSER, store, 0.9), r.hit(BROWSER, decrypt, 0.9)]
    tokens, exfil = r.find(_TOKEN_STORE), r.find(EXFIL)
    if tokens and (exfil or r.find(lx(r"\bmfa\\?\.|\{24\}\\?\.|\{27\}"))):
        hits.append(r.hit(TOKENS, tokens, 0.85))
    shadow = r.find(_SHADOW)
    if shadow and (crack := r.find(_CRACK)) and not r.indicator(shadow.start()):
        hits += [r.hit(SHADOW, shadow, 0.85), r.hit(SHADOW, crack, 0.85)]
    hits += [r.hit(CRACK, m, 0.7) for m in r.all(_CRACKER) if not r.indicator(m.start())]
    wordlist, login = r.find(_WORDLIST), r.find(_LOGIN_TRY)
    if wordlist and login and r.find(_LOOP):
        hits += [r.hit(BRUTE, wordlist, 0.75), r.hit(BRUTE, login, 0.75)]
    files = r.find(_CRED_FILES)
    if files and exfil and not r.indicator(files.start()):
        hits += [r.hit(CRED_EXFIL, files, 0.85), r.hit(CRED_EXFIL, exfil, 0.85)]
    return hits


# Tokens one of which every rule here needs: `code_rules` runs these only when one occurs.
ANCHORS = (
    *(t for tokens, _, _ in _TOKEN_RULES for t in tokens),
    "minidumpwritedump",
    *_STORE_TOKENS,
)
