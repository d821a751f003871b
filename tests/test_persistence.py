"""Persistence: DynamoDB (a real moto server, no mocks), the embedded SQLite store, the memory
fallback, TTL expiry, the interceptors, "forget me", and the returning-user flow end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter, AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import (
    Context,
    Intent,
    IntentRequest,
    LaunchRequest,
    RequestEnvelope,
    Response,
    Session,
    User,
)
from ask_sdk_model.interfaces.system import SystemState
from moto.server import ThreadedMotoServer

from skill import app, persistence
from skill.simulator import Simulator

ROOT = Path(__file__).resolve().parents[1]
USER_ID = "amzn1.ask.account.TESTUSER"
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    """A real DynamoDB-compatible HTTP server on a free loopback port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Fake credentials and the endpoint, the way boto3 reads them from the environment."""
    for name, value in FAKE_AWS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", moto_url)
    for name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    return moto_url


@pytest.fixture
def table(aws: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh table shaped like serverless.yml's, named in ``SKILL_TABLE_NAME``."""
    name = f"milia-test-{uuid.uuid4().hex[:8]}"
    client = boto3.client("dynamodb")
    client.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"}
    )
    monkeypatch.setenv("SKILL_TABLE_NAME", name)
    return name


class Clock:
    """A settable clock for TTL tests."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


StoreFactory = Callable[..., AbstractPersistenceAdapter]


@pytest.fixture(params=["dynamodb", "sqlite", "memory"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    """Build each kind of store (``clock``/``ttl_seconds`` passed through)."""
    kind = request.param
    if kind == "dynamodb":
        name = request.getfixturevalue("table")
        return lambda **kw: persistence.DynamoDbStore(name, **kw)
    if kind == "sqlite":
        return lambda **kw: persistence.SqliteStore(tmp_path / "s" / "skill.sqlite3", **kw)
    shared = persistence.MemoryStore()  # one memory, as within one process
    return lambda **kw: persistence.MemoryStore(**kw) if kw else shared


# --- request helpers --------------------------------------------------------------------------


def envelope(
    request: Any, *, new: bool, attributes: dict[str, Any] | None = None, user_id: str = USER_ID
) -> RequestEnvelope:
    return RequestEnvelope(
        version="1.0",
        session=Session(new=new, session_id="s", attributes=attributes or {}, user=User(user_id)),
        context=Context(system=SystemState(user=User(user_id=user_id))),
        request=request,
    )


def launch(**kw: Any) -> RequestEnvelope:
    return envelope(LaunchRequest(request_id="r", locale="en-US"), new=True, **kw)


def intent(name: str, *, new: bool = False, **kw: Any) -> RequestEnvelope:
    return envelope(IntentRequest(request_id="r", intent=Intent(name=name)), new=new, **kw)


def handler_input(env: RequestEnvelope, adapter: AbstractPersistenceAdapter) -> HandlerInput:
    return HandlerInput(
        request_envelope=env,
        attributes_manager=AttributesManager(request_envelope=env, persistence_adapter=adapter),
    )


def start_session(adapter: AbstractPersistenceAdapter, **kw: Any) -> HandlerInput:
    """A LaunchRequest through the load interceptor; returns the handler input after it."""
    hi = handler_input(launch(**kw), adapter)
    persistence.LoadUserInterceptor().process(hi)
    return hi


def talk_about(
    adapter: AbstractPersistenceAdapter, session_attrs: dict[str, Any], topic: str | None
) -> dict[str, Any]:
    """A later turn of the session where a content handler set ``topic``; returns the attrs."""
    hi = handler_input(intent("TreatmentInfoIntent", attributes=session_attrs), adapter)
    hi.attributes_manager.session_attributes["topic"] = topic
    persistence.SaveUserInterceptor().process(hi, Response())
    return hi.attributes_manager.session_attributes


def raw_item(table_name: str, user_id: str = USER_ID) -> dict[str, Any] | None:
    item: dict[str, Any] | None = (
        boto3.client("dynamodb")
        .get_item(TableName=table_name, Key={"id": {"S": user_id}})
        .get("Item")
    )
    return item


# --- each store -------------------------------------------------------------------------------


def test_save_and_load(make_store: StoreFactory) -> None:
    store = make_store()
    env = launch()
    assert store.get_attributes(env) == {}
    store.save_attributes(env, {"visits": 3, "last_topic": "CRYOTHERAPY", "updated_at": 5})
    assert store.get_attributes(env) == {
        "visits": 3,
        "last_topic": "CRYOTHERAPY",
        "updated_at": 5,
    }
    assert store.get_attributes(launch(user_id="someone-else")) == {}


def test_only_ids_and_counts_are_stored(make_store: StoreFactory) -> None:
    store = make_store()
    env = launch()
    store.save_attributes(
        env,
        {
            "visits": 1,
            "last_topic": "pregnancy",  # not a treatment id: dropped
            "situation": "PREGNANCY",
            "utterance": "milia on my baby's nose",
            "updated_at": 1,
        },
    )
    assert store.get_attributes(env) == {"visits": 1, "last_topic": None, "updated_at": 1}


def test_ttl_expiry(make_store: StoreFactory) -> None:
    clock = Clock()
    store = make_store(clock=clock, ttl_seconds=100)
    env = launch()
    store.save_attributes(env, {"visits": 1, "last_topic": None, "updated_at": 1})
    clock.now += 99
    assert store.get_attributes(env)["visits"] == 1
    clock.now += 2
    assert store.get_attributes(env) == {}  # expired reads as missing


def test_delete(make_store: StoreFactory) -> None:
    store = make_store()
    env = launch()
    store.save_attributes(env, {"visits": 1})
    store.delete_attributes(env)
    assert store.get_attributes(env) == {}
    store.delete_attributes(env)  # deleting nothing is fine


# --- DynamoDB specifics -----------------------------------------------------------------------


def test_dynamodb_item_layout(table: str) -> None:
    """SDK-compatible layout (``id`` + ``attributes``) plus a top-level integer ``ttl``."""
    adapter = persistence.build_adapter()
    assert isinstance(adapter, persistence.SafeAdapter)
    assert isinstance(adapter.store, persistence.DynamoDbStore)
    start_session(adapter)
    item = raw_item(table)
    assert item is not None
    assert set(item) == {"id", "attributes", "ttl"}
    assert set(item["attributes"]["M"]) == {"visits", "last_topic", "updated_at"}
    assert item["attributes"]["M"]["visits"] == {"N": "1"}
    ttl = int(item["ttl"]["N"])  # an integer, as DynamoDB TTL needs
    assert ttl == int(item["ttl"]["N"].split(".")[0])
    updated = int(item["attributes"]["M"]["updated_at"]["N"])
    assert ttl - updated == pytest.approx(persistence.TTL_SECONDS, abs=5)


def test_dynamodb_reads_items_written_by_the_sdk_adapter(table: str) -> None:
    """An item without ``ttl`` (as ask_sdk_dynamodb writes) is read, not treated as expired."""
    boto3.client("dynamodb").put_item(
        TableName=table,
        Item={
            "id": {"S": USER_ID},
            "attributes": {"M": {"visits": {"N": "4"}, "last_topic": {"S": "CHEMICAL_PEEL"}}},
        },
    )
    hi = start_session(persistence.build_adapter())
    assert hi.attributes_manager.session_attributes["user"] == {
        "visits": 5,
        "returning": True,
        "last_topic": "CHEMICAL_PEEL",
    }


def test_missing_table_never_breaks_the_conversation(
    aws: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SKILL_TABLE_NAME", "no-such-table")
    adapter = persistence.build_adapter()
    env = launch()
    assert adapter.get_attributes(env) == {}
    adapter.save_attributes(env, {"visits": 1})  # does nothing, raises nothing
    adapter.delete_attributes(env)
    hi = start_session(adapter)
    assert hi.attributes_manager.session_attributes["user"] == {
        "visits": 0,
        "returning": False,
        "last_topic": None,
    }
    attrs = talk_about(adapter, hi.attributes_manager.session_attributes, "CRYOTHERAPY")
    assert attrs["user"]["last_topic"] is None  # nothing was saved
    assert persistence.forget_user(handler_input(intent("ForgetMeIntent"), adapter)) is False
    assert "ResourceNotFoundException" in caplog.text
    assert USER_ID not in caplog.text  # no personal data in the logs


def test_failed_read_does_not_overwrite_the_record(table: str) -> None:
    """A store that fails on read must not reset a returning user's visits to 1."""

    class FlakyRead(persistence.DynamoDbStore):
        def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
            raise RuntimeError("throttled")

    good = persistence.build_adapter()
    start_session(good)
    start_session(good)
    start_session(persistence.SafeAdapter(FlakyRead(table)))
    assert good.get_attributes(launch())["visits"] == 2


# --- interceptors and the returning-user flow, on every store ---------------------------------


def test_returning_user_flow(make_store: StoreFactory) -> None:
    adapter = persistence.SafeAdapter(make_store())

    first = start_session(adapter)
    attrs = first.attributes_manager.session_attributes
    assert attrs["user"] == {"visits": 1, "returning": False, "last_topic": None}
    attrs = talk_about(adapter, attrs, "CRYOTHERAPY")
    assert attrs["user"]["last_topic"] == "CRYOTHERAPY"
    talk_about(adapter, attrs, None)  # no topic: keeps the last one
    talk_about(adapter, attrs, "WHAT_ARE_MILIA")  # not a treatment: ignored

    second = start_session(adapter)
    assert second.attributes_manager.session_attributes["user"] == {
        "visits": 2,
        "returning": True,
        "last_topic": "CRYOTHERAPY",
    }
    assert adapter.get_attributes(launch())["last_topic"] == "CRYOTHERAPY"


def test_load_only_on_a_new_session(make_store: StoreFactory) -> None:
    adapter = persistence.SafeAdapter(make_store())
    hi = handler_input(intent("AMAZON.HelpIntent", new=False), adapter)
    persistence.LoadUserInterceptor().process(hi)
    assert "user" not in hi.attributes_manager.session_attributes
    assert adapter.get_attributes(launch()) == {}

    one_shot = handler_input(intent("TreatmentInfoIntent", new=True), adapter)
    persistence.LoadUserInterceptor().process(one_shot)
    assert one_shot.attributes_manager.session_attributes["user"]["visits"] == 1


def test_forget_me(make_store: StoreFactory) -> None:
    adapter = persistence.SafeAdapter(make_store())
    attrs = start_session(adapter).attributes_manager.session_attributes
    attrs = talk_about(adapter, attrs, "LASER_ABLATION")

    hi = handler_input(intent("ForgetMeIntent", attributes=attrs), adapter)
    assert persistence.forget_user(hi) is True
    assert "user" not in hi.attributes_manager.session_attributes
    assert adapter.get_attributes(launch()) == {}
    # The rest of the session saves nothing, even on a new topic.
    talk_about(adapter, hi.attributes_manager.session_attributes, "CRYOTHERAPY")
    assert adapter.get_attributes(launch()) == {}
    assert persistence.forget_user(handler_input(intent("ForgetMeIntent"), adapter)) is False


def test_forget_me_as_the_first_request_creates_nothing(make_store: StoreFactory) -> None:
    adapter = persistence.SafeAdapter(make_store())
    hi = handler_input(intent("ForgetMeIntent", new=True), adapter)
    persistence.LoadUserInterceptor().process(hi)
    assert persistence.forget_user(hi) is False
    assert adapter.get_attributes(launch()) == {}


def test_forget_me_on_dynamodb_deletes_the_item(table: str) -> None:
    adapter = persistence.build_adapter()
    start_session(adapter)
    assert raw_item(table) is not None
    assert persistence.forget_user(handler_input(intent("ForgetMeIntent"), adapter)) is True
    assert raw_item(table) is None


def test_interceptors_never_raise() -> None:
    class Broken(AbstractPersistenceAdapter):
        def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
            raise OSError("disk on fire")

        def save_attributes(self, request_envelope: RequestEnvelope, attributes: Any) -> None:
            raise OSError("disk on fire")

        def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
            raise OSError("disk on fire")

    for adapter in (Broken(), persistence.SafeAdapter(Broken()), None):
        hi = handler_input(launch(), adapter)  # type: ignore[arg-type]
        persistence.LoadUserInterceptor().process(hi)
        hi.attributes_manager.session_attributes.update(
            user={"visits": 1, "last_topic": None}, topic="CRYOTHERAPY"
        )
        persistence.SaveUserInterceptor().process(hi, Response())
        assert persistence.forget_user(hi) is False
    no_session = RequestEnvelope(
        context=Context(system=SystemState(user=User(user_id=USER_ID))),
        request=LaunchRequest(request_id="r"),
    )
    hi = handler_input(no_session, persistence.SafeAdapter(persistence.MemoryStore()))
    persistence.LoadUserInterceptor().process(hi)
    persistence.SaveUserInterceptor().process(hi, None)  # type: ignore[arg-type]
    assert persistence.forget_user(hi) is False


# --- the embedded store -----------------------------------------------------------------------


def test_embedded_store_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MILIA_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert persistence.state_dir() == tmp_path / "xdg" / "milia-guide"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert persistence.state_dir() == tmp_path / "home" / ".local" / "state" / "milia-guide"
    monkeypatch.setenv("MILIA_STATE_DIR", str(tmp_path / "explicit"))
    adapter = persistence.build_adapter()
    assert isinstance(adapter, persistence.SafeAdapter)
    assert isinstance(adapter.store, persistence.SqliteStore)
    assert adapter.store.path == tmp_path / "explicit" / "skill.sqlite3"
    assert (adapter.store.path.stat().st_mode & 0o777) == 0o600


_CHILD = """
import json, sys
from skill import persistence
from skill.simulator import Simulator
sim = Simulator("en-US")
user = sim.send("open milia guide").response["sessionAttributes"]["user"]
for utterance in sys.argv[1:]:
    sim.send(utterance)
print(json.dumps({"store": type(persistence.build_adapter().store).__name__, "user": user}))
"""


def _child(*args: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "SKILL_TABLE_NAME"}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_embedded_store_across_processes() -> None:
    first = _child("how does topical retinoid work", "stop")
    assert first == {
        "store": "SqliteStore",
        "user": {"visits": 1, "returning": False, "last_topic": None},
    }
    second = _child()
    assert second["user"] == {"visits": 2, "returning": True, "last_topic": "TOPICAL_RETINOID"}


def test_memory_fallback_when_the_state_dir_is_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MILIA_STATE_DIR", str(blocker))
    adapter = persistence.build_adapter()
    assert isinstance(adapter, persistence.SafeAdapter)
    assert isinstance(adapter.store, persistence.MemoryStore)
    start_session(adapter)
    assert start_session(adapter).attributes_manager.session_attributes["user"]["visits"] == 2
    assert blocker.read_text() == "not a directory"


def test_sqlite_purges_expired_rows_on_write(tmp_path: Path) -> None:
    import sqlite3

    clock = Clock()
    store = persistence.SqliteStore(tmp_path / "db.sqlite3", ttl_seconds=10, clock=clock)
    store.save_attributes(launch(user_id="old"), {"visits": 1})
    clock.now += 11
    store.save_attributes(launch(user_id="new"), {"visits": 1})
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM attributes")]
    assert ids == ["new"]


def test_importing_persistence_does_not_import_boto3() -> None:
    code = "import sys, skill.persistence; print('boto3' in sys.modules, 'sqlite3' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


# --- end to end through the simulator and lambda_handler --------------------------------------


def test_second_run_says_welcome_back() -> None:
    first = Simulator("en-US").send("open milia guide")
    assert "welcome back" not in first.speech.lower()
    app.reset()  # a new process would build the skill again; the store is on disk
    second = Simulator("en-US").send("open milia guide")
    assert "welcome back" in second.speech.lower()


def test_last_treatment_is_remembered_and_forget_me_works() -> None:
    sim = Simulator("en-US")
    sim.send("open milia guide")
    assert sim.send("how does cryotherapy work").intent == "TreatmentInfoIntent"
    sim.send("stop")

    sim = Simulator("en-US")
    back = sim.send("open milia guide")
    assert "welcome back" in back.speech.lower()
    # issue 11: the last topic is not read aloud at launch (a shared speaker); yes names it
    assert "cryotherapy" not in back.speech.lower() and "pick up" in back.speech.lower()
    assert "cryotherapy" in sim.send("yes").speech.lower()
    sim = Simulator("en-US")
    sim.send("open milia guide")
    forgot = sim.send("forget me")
    assert forgot.intent == "ForgetMeIntent"
    assert "deleted" in forgot.speech.lower()
    sim.send("stop")

    assert "welcome back" not in Simulator("en-US").send("open milia guide").speech.lower()


def test_session_state_holds_no_health_details(tmp_path: Path) -> None:
    """Whatever the user says about themselves, the stored record is ids and counts only."""
    sim = Simulator("en-US")
    sim.send("open milia guide")
    sim.send("how does cryotherapy work")
    sim.send("i have milia under my eyes")
    sim.send("stop")
    db = Path(os.environ["MILIA_STATE_DIR"]) / "skill.sqlite3"
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = [json.loads(row[0]) for row in conn.execute("SELECT attributes FROM attributes")]
    assert len(rows) == 1
    assert set(rows[0]) == {"visits", "last_topic", "updated_at"}
    assert rows[0]["last_topic"] == "CRYOTHERAPY"


def test_welcome_back_on_dynamodb(table: str) -> None:
    app.reset()
    assert "welcome back" not in Simulator("en-US").send("open milia guide").speech.lower()
    app.reset()
    assert "welcome back" in Simulator("en-US").send("open milia guide").speech.lower()
    assert raw_item(table, Simulator("en-US").user_id) is not None
