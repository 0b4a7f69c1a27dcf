"""The runtime guard: an OpenAI-compatible gateway with trust tiers, policy and an audit chain.

`upright.guard.app.create_app(GuardConfig(...))` builds the gateway; `policy`, `identity`,
`audit`, `limits`, `scanner` and `stream` hold the logic it calls.
"""
