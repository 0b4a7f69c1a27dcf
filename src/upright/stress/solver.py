"""The agent solver: one turn in the original text format, or a native tool loop."""

from __future__ import annotations

from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import store_as

from upright.scenarios.prompts import ToolMode
from upright.stress.environment import ScenarioEnv
from upright.stress.offline import ensure_token_counting
from upright.stress.text_tools import parse_tool_use
from upright.stress.tools import tools_for


@solver
def scenario_agent(tools: ToolMode = "text") -> Solver:
    """Run the agent in its scenario; every action lands in the sample's `ScenarioEnv`."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        ensure_token_counting(str(state.model))
        env = store_as(ScenarioEnv)
        env.load(state.metadata)
        if tools == "native":
            state.tools = tools_for(state.metadata["scenario"])
            return await generate(state, tool_calls="loop")
        state = await generate(state)
        parsed = parse_tool_use(state.output.completion)
        for call in parsed.calls:
            env.apply(call)
        env.parse_errors = parsed.errors
        return state

    return solve
