"""The ASK CLI skill package: manifest fields, locales, disclaimer, and the copied models."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from skill.tools import packaging
from tests.support import ROOT, run_cli

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
ARN = "arn:aws:lambda:us-east-1:123456789012:function:milia-guide-prod-skill"
DISCLAIMER = (
    "This skill is not a substitute for professional medical advice. If you think you have a "
    "medical emergency, call your local emergency number."
)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return packaging.build_skill_package(tmp_path / "skill-package", ARN)


def _manifest(package: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((package / "skill.json").read_text(encoding="utf-8"))
    return doc["manifest"]  # type: ignore[no-any-return]


def test_layout(package: Path) -> None:
    files = sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file())
    assert files == sorted(
        ["skill.json"] + [f"interactionModels/custom/{locale}.json" for locale in LOCALES]
    )


def test_interaction_models_match_the_sources(package: Path) -> None:
    for locale in LOCALES:
        copied = package / "interactionModels" / "custom" / f"{locale}.json"
        source = ROOT / "interaction_models" / f"{locale}.json"
        assert copied.read_bytes() == source.read_bytes()
        model = json.loads(copied.read_text(encoding="utf-8"))
        assert model["interactionModel"]["languageModel"]["invocationName"] == "milia guide"


def test_publishing_information(package: Path) -> None:
    info = _manifest(package)["publishingInformation"]
    assert set(info["locales"]) == set(LOCALES)
    assert info["category"] == "HEALTH_AND_FITNESS"
    assert info["isAvailableWorldwide"] is False
    assert sorted(info["distributionCountries"]) == ["AU", "CA", "GB", "IN", "US"]
    assert info["testingInstructions"]
    for locale, entry in info["locales"].items():
        assert entry["name"] == "Milia Guide", locale
        assert 0 < len(entry["summary"]) <= 160
        assert len(entry["description"]) <= 4000
        assert DISCLAIMER in entry["description"], locale
        phrases = entry["examplePhrases"]
        assert phrases[0] == "Alexa, open milia guide"
        assert 1 <= len(phrases) <= 3
        assert 0 < len(entry["keywords"]) <= 30


def _is_sample(locale: str, words: str) -> bool:
    """True if ``words`` is one of the model's samples, a slot filled by a value or synonym."""
    model = json.loads((ROOT / "interaction_models" / f"{locale}.json").read_text())
    language = model["interactionModel"]["languageModel"]
    values = {
        t["name"]: "|".join(
            re.escape(w)
            for v in t["values"]
            for w in [v["name"]["value"], *v["name"].get("synonyms", [])]
        )
        for t in language.get("types", [])
    }
    for intent in language["intents"]:
        slots = {s["name"]: values.get(s["type"]) for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            literal = re.split(r"\{\w+\}", sample)
            if not all(part.strip() in words for part in literal):
                continue  # cheap filter before building a regex
            pattern = re.sub(
                r"\\\{(\w+)\\\}",
                lambda m, slots=slots: f"(?:{slots.get(m.group(1)) or '.+'})",  # type: ignore[misc]
                re.escape(sample),
            )
            if re.fullmatch(pattern, words):
                return True
    return False


@pytest.mark.parametrize("locale", LOCALES)
def test_example_phrases_are_sample_utterances(package: Path, locale: str) -> None:
    """Certification rejects example phrases the model can't hear: each must match a sample."""
    for phrase in _manifest(package)["publishingInformation"]["locales"][locale]["examplePhrases"]:
        words = re.sub(r"[^\w' ]", "", phrase.lower())
        if words == "alexa open milia guide":
            continue
        rest = words.removeprefix("alexa ask milia guide ")
        assert rest != words, phrase
        assert _is_sample(locale, rest), phrase


def test_privacy_and_compliance(package: Path) -> None:
    privacy = _manifest(package)["privacyAndCompliance"]
    assert privacy["usesPersonalInfo"] is False
    assert privacy["isChildDirected"] is False
    assert privacy["isExportCompliant"] is True
    assert privacy["containsAds"] is False
    assert privacy["allowsPurchases"] is False
    assert set(privacy["locales"]) == set(LOCALES)
    for entry in privacy["locales"].values():
        assert entry["privacyPolicyUrl"].startswith("https://")
        assert entry["termsOfUseUrl"].startswith("https://")


def test_endpoint_and_interfaces(package: Path, tmp_path: Path) -> None:
    manifest = _manifest(package)
    assert manifest["manifestVersion"] == "1.0"
    custom = manifest["apis"]["custom"]
    assert custom["endpoint"] == {"uri": ARN}
    assert [i["type"] for i in custom["interfaces"]] == ["ALEXA_PRESENTATION_APL"]
    no_arn = packaging.build_skill_package(tmp_path / "no-arn")
    assert "endpoint" not in _manifest(no_arn)["apis"]["custom"]  # creates the skill first


def test_bad_arn_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a Lambda function ARN"):
        packaging.build_skill_package(tmp_path / "x", "https://example.com/alexa")
    assert not (tmp_path / "x").exists()


def test_rebuild_replaces_only_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    (out / "interactionModels" / "custom").mkdir(parents=True)
    (out / "interactionModels" / "custom" / "de-DE.json").write_text("{}")
    (out / "keep.txt").write_text("mine")
    packaging.build_skill_package(out, ARN)
    assert not (out / "interactionModels" / "custom" / "de-DE.json").exists()
    assert (out / "keep.txt").read_text() == "mine"


def test_main(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LAMBDA_ARN", ARN)
    assert packaging.main(["--out", str(tmp_path / "a")]) == 0
    assert _manifest(tmp_path / "a")["apis"]["custom"]["endpoint"]["uri"] == ARN
    assert packaging.main(["--out", str(tmp_path / "b"), "--lambda-arn", "nope"]) == 2
    assert "not a Lambda function ARN" in capsys.readouterr().err


def test_ask_resources_points_at_the_package() -> None:
    resources = json.loads((ROOT / "ask-resources.json").read_text())
    assert resources["askcliResourcesVersion"] == "2020-03-31"
    profile = resources["profiles"]["default"]
    assert profile["skillMetadata"]["src"] == "./build/skill-package"
    # The Lambda is deployed by osls, not ask: no deployer type, only what `ask run` reads.
    assert "type" not in profile["skillInfrastructure"]
    assert profile["skillInfrastructure"]["userConfig"]["handler"] == (
        "lambda_function.lambda_handler"
    )
    assert profile["code"]["default"]["src"] == "./lambda"
    assert Path("build/skill-package") == packaging.DEFAULT_OUT


def test_a_web_service_endpoint_keeps_its_certificate_type(tmp_path: Path) -> None:
    url = "https://milia.example.com/alexa"
    out = packaging.build_skill_package(tmp_path / "web", endpoint_url=url)
    endpoint = _manifest(out)["apis"]["custom"]["endpoint"]
    assert endpoint == {"uri": url, "sslCertificateType": "Wildcard"}
    trusted = packaging.build_skill_package(
        tmp_path / "trusted", endpoint_url=url, ssl_certificate_type="Trusted"
    )
    assert _manifest(trusted)["apis"]["custom"]["endpoint"]["sslCertificateType"] == "Trusted"


@pytest.mark.parametrize(
    "url", ["http://milia.example.com/", "https:///alexa", "milia.example.com", "https://x:99999/"]
)
def test_an_endpoint_that_is_not_https_is_refused(tmp_path: Path, url: str) -> None:
    with pytest.raises(ValueError, match=r"not a valid URL|must be an https:// URL with a host"):
        packaging.build_skill_package(tmp_path / "x", endpoint_url=url)
    assert not (tmp_path / "x").exists()


def test_the_cli_writes_the_endpoint_or_says_why_not(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    url = "https://milia.example.com/alexa"
    ok = run_cli(
        "package", "--out", str(out), "--endpoint-url", url, "--ssl-certificate-type", "SelfSigned"
    )
    assert ok.returncode == 0, ok.stderr
    assert _manifest(out)["apis"]["custom"]["endpoint"] == {
        "uri": url,
        "sslCertificateType": "SelfSigned",
    }
    for args in (
        ("--endpoint-url", "http://milia.example.com/"),
        ("--endpoint-url", url, "--lambda-arn", ARN),
        ("--endpoint-url", url, "--ssl-certificate-type", "Bogus"),
    ):
        bad = run_cli("package", "--out", str(tmp_path / "bad"), *args)
        assert bad.returncode == 2, args
        assert len(bad.stderr.strip().splitlines()) == 1
        assert "error" in bad.stderr
    assert not (tmp_path / "bad").exists()
