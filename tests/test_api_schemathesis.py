"""Property-based robustness: schemathesis generates GraphQL queries and mutations from the
schema (with a write key, so mutations run too) and no response may be a 500 or a masked
internal error."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from partnermap.api import create_app
from partnermap.datasets import bundled_dataset
from partnermap.store import open_store
from tests.test_api_support import READ_KEY, WRITE_KEY, settings_for

DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.sampled_from(["2025-02-30", "31.02.2025", "2025-13-01", "", "yesterday", "0000-00-00"]),
    st.text(max_size=12),
).map(nodes.String)
schemathesis.graphql.scalar("Date", DATES)
EXAMPLES = 15
"""Generated requests per operation (about 30 operations)."""


@pytest.fixture(scope="module")
def graphql_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'api.db'}"
    with open_store(url) as store:
        store.load(bundled_dataset())
    app = create_app(settings_for(url))
    return schemathesis.graphql.from_asgi("/graphql", app)


def _operations(graphql_schema: Any) -> list[Any]:
    return [result.ok() for result in graphql_schema.get_all_operations()]


@pytest.mark.parametrize(
    ("key", "examples"), [(WRITE_KEY, EXAMPLES), (None, 4), (READ_KEY, 4), ("not-a-key-at-all", 4)]
)
def test_no_request_gives_a_server_error(graphql_schema: Any, key: str | None, examples: int) -> None:
    """Every query and mutation field, with generated arguments and selections; with the
    write key, with none, with a read key and with a wrong one. Without a valid write key
    every mutation is refused."""
    operations = _operations(graphql_schema)
    headers = {"X-API-Key": key} if key else {}
    labels = {op.label for op in operations}
    assert any("cooperationPath" in label for label in labels)
    assert any("loadDataset" in label for label in labels)
    checked: list[int] = []
    refused: list[int] = []

    for operation in operations:
        is_mutation = operation.label.startswith("Mutation")

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.body, response.text[:2000])
            if key != WRITE_KEY and is_mutation:  # noqa: B023 - run() is called in this iteration
                assert response.status_code in (401, 403), (case.body, response.text[:500])
                refused.append(response.status_code)
            if response.status_code == 200:
                for error in response.json().get("errors") or []:
                    assert error.get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR", (
                        case.body,
                        error,
                    )
                    assert "Traceback" not in error["message"]
            checked.append(response.status_code)

        run()
    assert len(checked) >= len(operations) * min(examples, 5)
    if key != WRITE_KEY:
        assert refused, "no mutation was tried"
