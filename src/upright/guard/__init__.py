"""The runtime guard: an OpenAI-compatible gateway with trust tiers, policy and an audit chain.

`upright.guard.app.create_app(GuardConfig(...))` builds the gateway: `app` has the routes,
`gateway` its state, `chat` the non-streamed path and `sse` the streamed one, `upstream` and
`upstream_h11` the client for the upstream, `server` how `guard serve` runs it; `policy`,
`identity`, `audit`, `limits`, `scanner` and `stream` hold the logic they call.
"""
