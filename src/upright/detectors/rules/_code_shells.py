"""Remote-access techniques for `code_rules`: reverse and bind shells, commands run from a
socket, Metasploit payloads, shellcode, process injection and memory-corruption exploits.

Each technique is a combination read in one region of code, so one benign primitive does
not fire: a socket is a chat server until the shell's stdin becomes that socket (`dup2` of
it, `stdin=` it, a pipe into it) or the text it receives is run; a hex byte string is a
fixture until it is copied into executable memory and called.
"""

from __future__ import annotations

import re

from upright.detectors.rules._code_context import Region, lx
from upright.detectors.rules._common import Hit, Rule
from upright.types import Severity

_CRIT, _HIGH = Severity.critical, Severity.high
_S = r"['\"]?"

# ---- reverse and bind shells -------------------------------------------------------------
_ONE_LINER = lx(
    r"\b(?:ba|z|k|da)?sh\s+-i\b[^\n]{0,40}?/dev/(?:tcp|udp)/"
    r"|/dev/(?:tcp|udp)/[^\s/]+/\d+[^\n;|]{0,10}?(?:0>&1|0<&\d|2>&1)"
    r"|\bsh\s+(?:-i\s*)?<&\s*(?:%d|\d+)\s*>&|\bwhile\s+read\s+\w+[^\n]*\bdo\s+\$\w+[^\n]*>&\s*\d"
    rf"|\bn(?:c|cat|etcat)(?:\.exe)?\b[^\n|;]{{0,80}}?\s-[a-z]*[ec]\s*{_S}"
    r"(?:(?:/usr)?/bin/(?:ba|z|da)?sh|(?:ba)?sh\b|cmd(?:\.exe)?\b|powershell)"
    r"|\bmkfifo\b[^\n]{0,160}\b(?:ba)?sh\b[^\n]{0,80}\bn(?:c|cat)\b"
    r"|\bsocat\b[^\n]{0,160}\bexec:|\bphp\s+-r\s+['\"][^\n]{0,120}\bfsockopen\b"
    r"|\bperl\s+-e\s+['\"][^\n]{0,200}\bsocket\s*\(|\bruby\s+-rsocket\b"
    r"|\bpowershell(?:\.exe)?\b[^\n]{0,300}\bTCPClient\b|\bawk\b[^\n]{0,80}/inet/tcp/"
)
_MSF = lx(
    r"\bmsfvenom\b[^\n]{0,200}\s-p\s+\S+|\bset\s+payload\s+\S*(?:reverse|bind)_\w+"
    r"|\buse\s+exploit/multi/handler\b"
)
_NET_RHS = lx(
    r"socket\.socket|socket\.create_connection|socket\s*\(|net\.dial\w*|net\.connect"
    r"|net\.createconnection|net\.socket|tcpsocket\.\w+|fsockopen|stream_socket_client"
    r"|tcpclient|\.accept\s*\(|wsasocket\w*|io::socket::inet->new"
)
_NET_TOKENS = (
    "socket", "net.dial", "net.connect", "net.create", "net.listen", "tcpclient", "tcplistener",
    "fsockopen", "createserver", "wsaconnect", ".accept(", ".connect(", ".bind(",
)  # fmt: skip
_SHELL_WORDS = ("sh", "cmd", "exec", "tcpclient", "fsockopen", "/inet/", "socket")  # one-liners
_ONE_TOKENS = (
    "/dev/tcp", "/dev/udp", "nc ", "nc.exe", "ncat", "netcat", "socat", "mkfifo", "php -r",
    "perl -e", "-rsocket", "powershell", "/inet/", "sh -i", "sh <&", "while read",
)  # fmt: skip
_CONNECT = lx(
    r"\.connect\s*\(|socket\.create_connection|net\.Dial|net\.(?:connect|createConnection)"
    r"|TCPSocket\.(?:new|open)|fsockopen|stream_socket_client|TCPClient\s*\(|\bconnect\s*\("
    r"|WSAConnect|IO::Socket::INET->new|\bnew\s+Socket\s*\("
)
_LISTEN = lx(r"\.bind\s*\(|\.listen\s*\(|\.accept\s*\(|net\.Listen|createServer|TcpListener")
_TIE_ANY = lx(
    r"\bpty\.spawn\s*\(|open\s*\(\s*STD(?:IN|OUT|ERR)\s*,\s*['\"]>&|STARTF_USESTDHANDLES"
    r"|\.GetStream\s*\(\)[\s\S]{0,400}?\b(?:iex|Invoke-Expression)\b"
    r"|\bRedirectStandardInput\s*=\s*true\b"
)
_SHELL = lx(
    r"['\"](?:(?:/usr)?/bin/)?(?:ba|z|da)?sh(?:\s+-i)?['\"]|['\"](?:cmd|powershell)(?:\.exe)?"
    r"|\bexecve?\s*\(|\bexecl\w*\s*\(|\bcmd\.exe\b|/bin/(?:ba)?sh\b|\bproc_open\s*\("
    r"|\bshell_exec\s*\(|\bpassthru\s*\(|\bsystem\s*\(|\bpopen\s*\(|\bexec\s*\("
    r"|\biex\b|\bInvoke-Expression\b"
)
_RECV_RHS = lx(
    r"\.recv\w*\s*\(|\.read(?:line|string|bytes)?\s*\(|readline\s*\(|\bfgets\s*\("
    r"|\bread\s*\(\s*\w+\s*,"
)
_DATA_CALLBACK = lx(
    r"\.on\s*\(\s*['\"]data['\"]\s*,\s*(?:async\s*)?(?:function\s*)?\(?\s*(?P<w>\w+)"
)
_RUN = (
    r"(?:subprocess\.\w+|os\.popen|os\.system|commands\.getoutput|exec\.Command|execSync"
    r"|\bexec|\bspawn|shell_exec|\bsystem|\bpopen|passthru|Invoke-Expression|\biex"
    r"|getRuntime\(\)\.exec|Process\.Start)"
)
_SEND = lx(r"\.send(?:all|to)?\s*\(|\.write\s*\(|\bsend\s*\(|fwrite\s*\(|\.Write\s*\(")

REVERSE_SHELL = Rule("reverse-shell", _ONE_LINER, 0.95, _CRIT, "opens a reverse shell")
BIND_SHELL = Rule("bind-shell", _LISTEN, 0.95, _CRIT, "opens a bind shell")
SOCKET_EXEC = Rule(
    "socket-exec", _RECV_RHS, 0.85, _CRIT, "runs commands received over a socket (backdoor)"
)
MSF = Rule("metasploit-payload", _MSF, 0.9, _CRIT, "builds or handles a Metasploit payload")


def _tie(r: Region, names: set[str]) -> re.Match[str] | None:
    """Where the shell's stdin/stdout becomes the socket: `dup2(s, 0)`, `stdin=s`,
    `cmd.Stdin = conn`, `client.pipe(sh.stdin)`, `hStdInput = sock`, ..."""
    tie = r.find(_TIE_ANY)
    if tie is not None or not names:
        return tie
    v = "|".join(re.escape(n) for n in names)
    return r.find(
        lx(
            rf"\bdup2\s*\(\s*(?:{v})\b|\bstd(?:in|out|err)\s*=\s*(?:{v})\b|\.Std(?:in|out"
            rf"|err)\b[^\n=]*=\s*(?:\w+\s*,\s*)*(?:{v})\b|(?:{v})\.pipe\s*\(|\.pipe\s*\("
            rf"\s*(?:{v})\s*\)|hStd\w+\s*=[^\n;]*\b(?:{v})\b|array\s*\(\s*0\s*=>\s*(?:{v})"
            rf"|(?<![\w$])(?:{v})\.(?:get(?:Input|Output)Stream|GetStream)\s*\("
        )
    )


def reverse_shell(r: Region) -> list[Hit]:
    hits = []
    if r.has(*_ONE_TOKENS) and r.has(*_SHELL_WORDS):
        hits += [r.hit(REVERSE_SHELL, m, 0.95) for m in r.all(_ONE_LINER)]
    if r.has("msfvenom", "payload", "multi/handler"):
        hits += [r.hit(MSF, m, 0.9) for m in r.all(_MSF)]
    if not r.has(*_NET_TOKENS):
        return hits
    connect = r.find(_CONNECT)
    net = connect or r.find(_LISTEN)
    if net is None:
        return hits
    rule = REVERSE_SHELL if connect else BIND_SHELL
    names = {v for v, _ in r.assigned(_NET_RHS)}
    tie = _tie(r, names)
    shell = r.find(_SHELL)
    if tie is not None and shell is not None:
        hits += [r.hit(rule, net, 0.95), r.hit(rule, tie, 0.95)]
    elif shell is not None and not names and r.has("dup2"):
        hits.append(r.hit(rule, net, 0.8))
    received = [v for v, _ in r.assigned(_RECV_RHS)] + [m.group("w") for m in r.all(_DATA_CALLBACK)]
    for v in received:
        run = r.find(lx(rf"{_RUN}\s*\(?[^\n]{{0,60}}?(?<![\w$]){re.escape(v)}\b"))
        if run is not None and r.find(_SEND):
            hits += [r.hit(SOCKET_EXEC, net, 0.85), r.hit(SOCKET_EXEC, run, 0.85)]
            break
    if shell is not None and r.has("fsockopen"):
        hits.append(r.hit(REVERSE_SHELL, net, 0.9))
    return hits


# ---- shellcode and process injection -----------------------------------------------------
_HEX_ESC = lx(r"(?:\\x[0-9a-f]{2}){4,}")
_HEX_LIST = lx(r"(?:0x[0-9a-f]{2}\s*,\s*){7,}0x[0-9a-f]{2}")
_HEX_BLOB = lx(r"['\"][0-9a-f]{64,}['\"]")
_B64_BLOB = lx(r"['\"][A-Za-z0-9+/]{160,}={0,2}['\"]")
_EXEC_MEM = lx(  # executable memory, or a data pointer cast to a function and called
    r"\bVirtualAlloc(?:Ex|2)?\b|\bVirtualProtect(?:Ex)?\b|\bNt(?:Allocate|Protect)VirtualMemory\b"
    r"|\bmprotect\s*\(|\bPROT_EXEC\b|\bPAGE_EXECUTE_READ(?:WRITE)?\b|\bRtlMoveMemory\b"
    r"|\(\s*\w+\s*\(\s*\*\s*\)\s*\(\s*\w*\s*\)\s*\)\s*&?\w+"
)
_RUN_MEM = lx(
    r"syscall\.syscall\w*\s*\(\s*\w+|syscalln\s*\(|"
    r"\bCreate(?:Remote)?Thread\b|\bQueueUserAPC\b|\bNtCreateThreadEx\b|\bCFUNCTYPE\b"
    r"|\(\s*\(\s*void\s*\(\s*\*\s*\)|GetDelegateForFunctionPointer|\bEnumSystemLocales\w*"
    r"|\bCallWindowProc\w*|\(\s*\*\s*\(\s*void\s*\(\s*\*\s*\)|\(\s*\w+\s*\(\s*\*\s*\)\s*\("
)
_FETCH = lx(
    r"urlopen\s*\(|requests\.get\s*\(|DownloadData|DownloadString|WebClient|http\.Get\s*\("
    r"|InternetReadFile|URLDownloadToFile|HttpClient"
)
_LOAD = lx(  # a payload read from a file, decoded or downloaded rather than written inline
    r"open\s*\([^\n]*['\"]rb['\"]|readfile\s*\(|read_bytes\s*\(|readallbytes\s*\(|fromhex\s*\("
    r"|b64decode\s*\(|frombase64string\s*\(|base64\.stdencoding\.decodestring|ioutil\.readall"
    r"|io\.readall|\bfread\s*\(|hex\.decodestring\s*\("
)
_INJECT = lx(r"\bOpenProcess\b")
_REMOTE = lx(r"\bVirtualAllocEx\b|\bWriteProcessMemory\b|\bNtWriteVirtualMemory\b")
_REMOTE_RUN = lx(
    r"\bCreateRemoteThread(?:Ex)?\b|\bQueueUserAPC\b|\bNtCreateThreadEx\b|SetThreadContext"
)
_PWN = lx(r"\bfrom\s+pwn\s+import\b|\bimport\s+pwn\b")
# Said to be an attack payload: a loader's marker words.
_MARKED = lx(r"\b(?:msfvenom|meterpreter|payload|shellcode|beacon|cobalt\s*strike|FreeConsole)\b")
# A NOP sled (`memset(buf, 0x90, n)`, "\x90\x90...") with shellcode behind it ...
_NOP_SLED = lx(
    r"memset\s*\([^,\n]+,\s*0x90\b|(?:\\x90){8,}|['\"]\\x90['\"]\s*\*\s*\d+|\bnop\s*sled\b"
)
# ... and a return address overwritten, or the payload handed to a target program.
_SMASH = lx(
    r"\b(?:saved\s+)?[er]ip\b|return\s+address|ret(?:urn)?_?addr|\bexecl?[vpe]*\s*\([^\n]*payload"
    r"|\bsystem\s*\([^\n]*payload|\*\s*\(\s*(?:unsigned\s+)?(?:long|int)\s*\*\s*\)\s*\(\s*\w+\s*\+"
)
_PWN_SEND = lx(r"\b(?:remote|process)\s*\([^\n]*\)[\s\S]{0,2000}?\.send(?:line)?(?:after)?\s*\(")
_PWN_BUILD = lx(r"\bp(?:64|32)\s*\(|\bshellcraft\.|\basm\s*\(|\bflat\s*\(|\bcyclic\s*\(")

SHELLCODE = Rule("shellcode", _EXEC_MEM, 0.95, _CRIT, "runs shellcode from executable memory")
INJECTION = Rule("process-injection", _REMOTE_RUN, 0.9, _CRIT, "injects code into a process")
EMBEDDED = Rule("embedded-shellcode", _HEX_ESC, 0.75, _HIGH, "embeds a shellcode payload")
EXPLOIT = Rule("binary-exploit", _PWN, 0.75, _HIGH, "sends a memory-corruption exploit")


def _payload_bytes(r: Region) -> tuple[int, re.Match[str] | None]:
    esc = r.all(_HEX_ESC)
    lists = r.all(_HEX_LIST)
    blobs = r.all(_HEX_BLOB)
    n = sum(len(m.group(0)) // 4 for m in esc) + sum(m.group(0).count("0x") for m in lists)
    n += sum((len(m.group(0)) - 2) // 2 for m in blobs)
    found = esc or lists or blobs
    return n, found[0] if found else None


_EXEC_TOKENS = (
    "virtualalloc", "virtualprotect", "virtualmemory", "mprotect", "prot_exec", "page_execute",
    "rtlmovememory", "(*)",
)  # fmt: skip


def shellcode(r: Region) -> list[Hit]:
    hits: list[Hit] = []
    exec_mem = r.find(_EXEC_MEM) if r.has(*_EXEC_TOKENS) else None
    if exec_mem is not None or r.has("shellcode", "shell_code"):
        n, payload = _payload_bytes(r)
        if payload is None and exec_mem is not None and r.find(_RUN_MEM):
            payload = r.find(_B64_BLOB) or r.find(_FETCH) or r.find(_LOAD)
            n = 64 if payload is not None else 0
        if payload is not None and exec_mem is not None and n >= 24:
            hits += [r.hit(SHELLCODE, payload, 0.95), r.hit(SHELLCODE, exec_mem, 0.95)]
        elif payload is not None and exec_mem and n >= 8 and r.find(_RUN_MEM) and r.find(_MARKED):
            # a short (elided) payload copied into executable memory and run as a thread
            hits += [r.hit(SHELLCODE, payload, 0.9), r.hit(SHELLCODE, exec_mem, 0.9)]
        elif payload is not None and n >= 32 and r.has("shellcode", "shell_code"):
            hits.append(r.hit(EMBEDDED, payload, 0.75))
    if r.has("openprocess"):
        opened, remote, run = r.find(_INJECT), r.find(_REMOTE), r.find(_REMOTE_RUN)
        if opened and remote and run:
            hits += [r.hit(INJECTION, m, 0.9) for m in (opened, remote, run)]
    if r.has("0x90", "\\x90") and (sled := r.find(_NOP_SLED)) and (smash := r.find(_SMASH)):
        hits += [r.hit(EXPLOIT, sled, 0.8), r.hit(EXPLOIT, smash, 0.8)]  # memory corruption
    pwn = r.find(_PWN) if r.has("pwn") else None
    if pwn and r.find(_PWN_SEND) and (build := r.find(_PWN_BUILD)):
        hits += [r.hit(EXPLOIT, pwn, 0.75), r.hit(EXPLOIT, build, 0.75)]
    return hits


# Tokens one of which every rule here needs: `code_rules` runs these only when one occurs.
ANCHORS = (
    *_ONE_TOKENS, *_NET_TOKENS, *_EXEC_TOKENS, "msfvenom", "payload", "multi/handler",
    "shellcode", "shell_code", "openprocess", "pwn", "0x90", "\\x90", "nop sled",
)  # fmt: skip
