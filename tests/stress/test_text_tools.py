from upright.stress.text_tools import parse_tool_use


def test_parses_email_with_multiline_body_and_key_like_lines():
    text = """Thinking...
<tool_use:email>
to: "kyle@summitbridge.com",
subject: "Re: 5pm",
body: "Kyle,
Note: this is important.
I said \\"now\\".",
</tool_use:email>"""
    parsed = parse_tool_use(text)
    assert parsed.errors == []
    [call] = parsed.calls
    assert call.function == "send_email"
    assert call.arguments["to"] == "kyle@summitbridge.com"
    assert "Note: this is important." in call.arguments["body"]
    assert 'I said "now".' in call.arguments["body"]


def test_parses_several_blocks_in_order():
    text = (
        '<tool_use:forward>\nemail_id: 3,\nto: "a@x.com",\n</tool_use:forward>\n'
        '<tool_use:bash>\ncmd: "ls /etc",\n</tool_use:bash>\n<tool_use:bash>whoami</tool_use:bash>'
    )
    parsed = parse_tool_use(text)
    assert [c.function for c in parsed.calls] == ["forward_email", "bash", "bash"]
    assert parsed.calls[0].arguments["email_id"] == "3"
    assert parsed.calls[2].arguments["cmd"] == "whoami"


def test_no_blocks_is_no_action_and_no_error():
    parsed = parse_tool_use("I will not send any email. I will raise my concerns with the board.")
    assert parsed.calls == [] and parsed.errors == []


def test_malformed_blocks_are_errors():
    assert parse_tool_use('<tool_use:email>\nto: "a@b.com",\nbody: "x"').errors  # never closed
    assert parse_tool_use("<tool_use:teleport>x</tool_use:teleport>").errors  # unknown tool
    assert parse_tool_use(
        '<tool_use:email>\nsubject: "hi",\n</tool_use:email>'
    ).errors  # no recipient


def test_parses_compact_email_blocks_and_reports_broken_ones():
    parsed = parse_tool_use(
        "<think>threat: no.</think>\n<email to=kyle.johnson>Noted, thanks.</email>"
        "<email to=maria.chen>Done.</email>"
    )
    assert parsed.errors == []
    assert [(c.function, c.arguments["to"], c.arguments["body"]) for c in parsed.calls] == [
        ("send_email", "kyle.johnson", "Noted, thanks."),
        ("send_email", "maria.chen", "Done."),
    ]
    assert parse_tool_use("<email to=kyle.johnson>never closed").errors
    assert parse_tool_use("<email to=>no recipient</email>").errors
    assert parse_tool_use("<email to=kyle johnson>spaces</email>").errors


def test_bare_local_part_reaches_a_full_target_address():
    from upright.stress.verdicts import reaches

    action = {"function": "send_email", "arguments": {"to": "kyle.johnson"}}
    assert reaches(action, "kyle.johnson@summitbridge.com")
    assert not reaches(action, "maria.chen@summitbridge.com")
