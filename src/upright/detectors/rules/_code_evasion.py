"""Defence evasion for `code_rules`: switching off antivirus and EDR, clearing logs and
history, bypassing AMSI/ETW and UAC, hidden encoded PowerShell, weakening host controls.

Defender off, EDR stopped, security logs cleared and AMSI patched count alone in code.
Weaker signals (a Defender exclusion, SELinux/AppArmor/firewall off) are ordinary admin
steps in install guides: they are returned at `WEAK_SCORE` and count only where the unit is
framed as evasion or does something else offensive (`code_rules` promotes them). A service
stopped and then started again (`systemctl stop clamav-freshclam; freshclam; ... start`) is
maintenance, not evasion.
"""

from __future__ import annotations

import re

from upright.detectors.rules._code_context import Region, lx
from upright.detectors.rules._common import Hit, Rule
from upright.types import Severity

_HIGH, _MED = Severity.high, Severity.medium
WEAK_SCORE = 0.45
PROMOTED_SCORE = 0.8

_DEFENDER = lx(
    r"\bSet-MpPreference\b[^\n]*\s-Disable\w+(?:\s+(?:\$true|1)\b|\s*$|\s+-)"
    r"|\bDisableAntiSpyware\b[^\n]{0,60}(?:/d\s+1|=\s*1|dword:0*1|-Value\s+1|,\s*1\b)"
    r"|\bDisable(?:RealtimeMonitoring|BehaviorMonitoring|OnAccessProtection)\b[^\n]{0,60}"
    r"(?:/d\s+1|dword:0*1|-Value\s+1)|\bUninstall-WindowsFeature\b[^\n]*Defender"
    r"|\bMpCmdRun(?:\.exe)?\b[^\n]*-RemoveDefinitions|\bTamperProtection\b[^\n]{0,60}"
    r"(?:/d\s+0|-Value\s+0)",
    re.M,
)
_PRODUCTS = (
    r"WinDefend|WdNisSvc|WdFilter|\bSense\b|MsMpEng|SecurityHealthService|wscsvc|CSFalcon\w*"
    r"|falcon-sensor|falcond|SentinelAgent|SentinelOne|sentinel\w*|Cylance\w*|CbDefense"
    r"|carbonblack|cbagentd|Sophos\w*|McAfee\w*|mfemms|Symantec\w*|SepMasterService|ccSvcHst"
    r"|sysmon(?:64)?|elastic-(?:agent|endpoint)|winlogbeat|osqueryd|wazuh-agent|ossec\w*"
    r"|ekrn|kaspersky|\bavp\b|bdagent|Bitdefender\w*|TrendMicro|ntrtscan|CrowdStrike"
    r"|MBAMService|Malwarebytes|clam(?:av|d)\S*|xagt|Tanium\w*|MsSense"
)
_STOP_VERB = (
    r"\bsc(?:\.exe)?\s+(?:stop|delete|config)|\bnet\s+stop|\bStop-Service\b[^\n]{0,30}?"
    r"|\bSet-Service\b[^\n]{0,60}?|\bsystemctl\s+(?:stop|disable|mask)"
    r"|\btaskkill\b[^\n]{0,20}?|\bStop-Process\b[^\n]{0,30}?|\bpkill\s+(?:-\w+\s+)*"
    r"|\bkillall\s+|\bUninstall-Package\b|\bwmic\b[^\n]{0,40}?\bcall\s+uninstall"
)
_AV_STOP = lx(
    rf"(?:{_STOP_VERB})\s*['\"]?(?P<name>{_PRODUCTS})"
    rf"|\bservice\s+(?P<svc>{_PRODUCTS})\s+stop\b"
)
_LOG_CLEAR = lx(
    r"\bwevtutil(?:\.exe)?\s+(?:cl|clear-log)\b|\bClear-EventLog\b|\bRemove-EventLog\b"
    r"|GlobalSession\.ClearLog|\bauditpol(?:\.exe)?\s+/clear|\bauditpol\b[^\n]*/(?:success|failure)"
    r":disable|\bfsutil\s+usn\s+deletejournal|(?:\bshred\b[^\n]{0,20}|\btruncate\s+-s\s*0\s+|\brm\s+"
    r"-\w*f\w*\s+|(?<![>&\d])>\s*|cat\s+/dev/null\s*>\s*|Remove-Item\s+(?:-\w+\s+)*|del\s+(?:/\w\s+)*)[^\s;|&]{0,20}?(?:/var/log/(?:auth\.log"
    r"|secure|syslog|messages|wtmp|btmp|lastlog|audit/audit\.log|\*)|\.bash_history|winevt"
    r"\\{1,2}Logs)"
    r"|\bunset\s+HISTFILE\b|\bHISTFILE=/dev/null|\bauditctl\s+-(?:D|e\s*0)\b|\bevent::(?:clear|drop)\b"
    r"|\bClearEventLog\w*\s*\(|\bEvtClearLog\s*\(|\bwin32evtlog\.ClearEventLog"
)
_AMSI = lx(
    r"\bamsiInitFailed\b|\bAmsiUtils\b[\s\S]{0,300}?\b(?:GetField|SetValue)\b"
    r"|\b(?:AmsiScanBuffer|EtwEventWrite)\b[\s\S]{0,800}?(?:VirtualProtect|WriteProcessMemory"
    r"|Marshal\]::Copy|Marshal\.Copy|0xC3|0xB8)"
)
_UAC = lx(
    r"ms-settings\\{1,2}shell\\{1,2}open\\{1,2}command|\bfodhelper(?:\.exe)?\b[\s\S]{0,400}?"
    r"DelegateExecute|DelegateExecute[\s\S]{0,400}?\bfodhelper\b|\beventvwr(?:\.exe)?\b[\s\S]"
    r"{0,300}?mscfile"
)
_HIDDEN_PS = lx(
    r"\bpowershell(?:\.exe)?\b(?=[^\n]*\s-(?:w|win|window|windowstyle)\s+h(?:idden)?\b)"
    r"(?=[^\n]*\s-(?:e|ec|enc|encodedcommand)\s+[A-Za-z0-9+/=]{40,})[^\n]*"
)
_EXCLUSION = lx(r"\bAdd-MpPreference\b[^\n]*-Exclusion(?:Path|Process|Extension)\b[^\n]*")
_HOST_CONTROLS = lx(
    r"\bsetenforce\s+0\b|\bSELINUX\s*=\s*disabled\b|\b(?:systemctl|service)\s+(?:stop|disable"
    r"|mask)\s+(?:apparmor|firewalld|ufw|iptables|nftables)\b|\baa-teardown\b|\bufw\s+disable\b"
    r"|\biptables\s+-F\b|\bnetsh\s+(?:adv)?firewall\s+set\s+\w+\s+state\s+off\b|\bnetsh\s+"
    r"firewall\s+set\s+opmode\s+(?:mode=)?disable|\bSet-NetFirewallProfile\b[^\n]*-Enabled\s+"
    r"(?:False|\$false|0)\b"
)

DEFENDER_OFF = Rule("av-disabled", _DEFENDER, 0.85, _HIGH, "turns off antivirus protection")
AV_STOP = Rule("edr-stopped", _AV_STOP, 0.85, _HIGH, "stops or removes EDR/antivirus")
LOG_CLEAR = Rule("logs-cleared", _LOG_CLEAR, 0.8, _HIGH, "clears security logs or history")
AMSI = Rule("amsi-bypass", _AMSI, 0.9, _HIGH, "bypasses AMSI/ETW scanning")
UAC = Rule("uac-bypass", _UAC, 0.85, _HIGH, "bypasses UAC to elevate")
HIDDEN_PS = Rule("hidden-powershell", _HIDDEN_PS, 0.7, _HIGH, "runs hidden, encoded PowerShell")
EXCLUSION = Rule("av-exclusion", _EXCLUSION, WEAK_SCORE, _MED, "excludes paths from antivirus")
HOST_OFF = Rule(
    "host-controls-off", _HOST_CONTROLS, WEAK_SCORE, _MED, "switches SELinux/AppArmor/firewall off"
)
WEAK_RULES = frozenset({EXCLUSION.id, HOST_OFF.id})
_ALONE = {  # rule: tokens one of which it needs
    DEFENDER_OFF: (
        "mppreference", "disableantispyware", "disablerealtime", "disablebehavior",
        "disableonaccess", "windowsfeature", "mpcmdrun", "tamperprotection",
    ),
    LOG_CLEAR: (
        "wevtutil", "eventlog", "clearlog", "auditpol", "fsutil", "/var/log/", "bash_history",
        "histfile", "auditctl", "event::", "winevt", "evtclearlog",
    ),
    AMSI: ("amsi", "etweventwrite"),
    UAC: ("ms-settings", "fodhelper", "delegateexecute", "eventvwr"),
    HIDDEN_PS: ("powershell",),
    EXCLUSION: ("mppreference",),
    HOST_OFF: (
        "setenforce", "selinux", "apparmor", "aa-teardown", "ufw", "iptables", "nftables",
        "firewall", "netsh",
    ),
}  # fmt: skip
_STOP_TOKENS = (
    "sc ", "sc.exe", "net stop", "stop-service", "set-service", "systemctl", "taskkill",
    "stop-process", "pkill", "killall", "uninstall-package", "wmic", "service ",
)  # fmt: skip


def _restarted(r: Region, m: re.Match[str]) -> bool:
    name = re.escape(m.group("name") or m.group("svc"))
    again = lx(rf"\b(?:start|restart|enable|Start-Service)\b[^\n]{{0,40}}?{name}")
    return r.find(again) is not None


def evasion(r: Region) -> list[Hit]:
    hits = [
        r.hit(rule, m, rule.score)
        for rule, tokens in _ALONE.items()
        if r.has(*tokens)
        for m in r.all(rule.pattern)
        if not r.indicator(m.start())
    ]
    if r.has(*_STOP_TOKENS):
        for m in r.all(_AV_STOP):
            if not r.indicator(m.start()) and not _restarted(r, m):
                hits.append(r.hit(AV_STOP, m, 0.85))
    return hits


# Tokens one of which every rule here needs: `code_rules` runs these only when one occurs.
ANCHORS = (*(t for tokens in _ALONE.values() for t in tokens), *_STOP_TOKENS)
