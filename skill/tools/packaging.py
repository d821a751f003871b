"""The ASK CLI skill package: ``skill.json`` plus one interaction model per locale.

``milia-skill package [--out DIR] [--lambda-arn ARN | --endpoint-url URL]`` writes::

    DIR/skill.json
    DIR/interactionModels/custom/<locale>.json   (copied from interaction_models/)

``ask deploy`` (ask-resources.json: skill metadata only) uploads it; the Lambda itself is
deployed by osls/serverless, so the manifest points at that function's ARN (docs/deploy.md).
For the web service (``milia-skill serve`` behind HTTPS), ``--endpoint-url`` writes an HTTPS
endpoint with its ``sslCertificateType``, so ``ask deploy`` keeps it instead of dropping it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from skill.content.regional import regionalize
from skill.locales import LOCALES
from skill.simulator.models import models_dir

DEFAULT_OUT = Path("build/skill-package")
LAMBDA_ARN_RE = re.compile(
    r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$"
)
PRIVACY_POLICY_URL = "https://example.com/milia-guide/privacy"  # placeholder: replace
TERMS_OF_USE_URL = "https://example.com/milia-guide/terms"  # placeholder: replace
SSL_CERTIFICATE_TYPES = ("Wildcard", "SelfSigned", "Trusted")
COUNTRIES = {"en-US": "US", "en-GB": "GB", "en-CA": "CA", "en-AU": "AU", "en-IN": "IN"}

NAME = "Milia Guide"
DISCLAIMER = (
    "This skill is not a substitute for professional medical advice. "
    "If you think you have a medical emergency, call your local emergency number."
)
SUMMARY = "Plain-spoken answers about milia and how professionals treat them."
DESCRIPTION = (
    "Milia Guide explains milia, the tiny white bumps that often appear around the eyes and "
    "cheeks, and the treatments a dermatologist may offer: mechanical extraction, chemical "
    "peels, topical retinoids, cryotherapy and laser ablation. Ask how a treatment works, what "
    "a visit is like, how it feels, the aftercare and how many sessions it usually takes, or "
    "compare two treatments. The skill also covers the types of milia, things that look like "
    "them, when to see a doctor, and milia in babies.\n\n"
    "Milia Guide does not give instructions for removing milia at home, and it does not ask "
    "about your health. It remembers only how often you have visited and the last treatment "
    'you asked about, so it can pick up where you left off; say "forget me" to delete that.'
    "\n\n" + DISCLAIMER
)
EXAMPLE_PHRASES = (  # the store shows three; each must match a sample utterance
    "Alexa, open milia guide",
    "Alexa, ask milia guide what are milia",
    "Alexa, ask milia guide how does cryotherapy compare to laser",
)
KEYWORDS = (
    "milia",
    "milium",
    "white bumps",
    "skin",
    "skincare",
    "dermatology",
    "dermatologist",
    "chemical peel",
    "retinoid",
    "cryotherapy",
    "laser",
    "extraction",
)
TESTING_INSTRUCTIONS = (
    "Say 'Alexa, open milia guide', then ask e.g. 'how does cryotherapy work', 'compare "
    "cryotherapy and laser', 'what are milia', 'milia under my eyes'. Asking how to remove "
    "milia at home is declined by design. 'Forget me' deletes the stored visit count and last "
    "treatment (the only data kept, keyed by the anonymous Alexa user id, expiring after 180 "
    "days)."
)
# Screen devices get an APL card (skill/core/speech.py); these are the standard hub/TV viewports.
APL_VIEWPORTS = (
    {"mode": "HUB", "shape": "ROUND", "minWidth": 100, "maxWidth": 599, "minHeight": 100,
     "maxHeight": 599},
    {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 1279, "minHeight": 600,
     "maxHeight": 959},
    {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 1280, "maxWidth": 1920, "minHeight": 600,
     "maxHeight": 1279},
    {"mode": "TV", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 960, "minHeight": 540,
     "maxHeight": 540},
)  # fmt: skip


def https_endpoint(url: str, ssl_certificate_type: str = "Wildcard") -> dict[str, str]:
    """The manifest's web-service endpoint; ``ValueError`` unless ``url`` is an https URL."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError:
        raise ValueError(f"not a valid URL: {url!r}") from None
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"the endpoint must be an https:// URL with a host, not {url!r}")
    if ssl_certificate_type not in SSL_CERTIFICATE_TYPES:
        raise ValueError(
            f"sslCertificateType must be one of {', '.join(SSL_CERTIFICATE_TYPES)}, "
            f"not {ssl_certificate_type!r}"
        )
    return {"uri": url, "sslCertificateType": ssl_certificate_type}


def manifest(
    lambda_arn: str | None = None,
    endpoint_url: str | None = None,
    ssl_certificate_type: str = "Wildcard",
) -> dict[str, Any]:
    """The ``skill.json`` document.

    Without an ARN or URL there is no endpoint: that manifest is valid, so the first ``ask
    deploy`` can create the skill (and so its id, which the Lambda's Alexa trigger needs) before
    the Lambda exists. A placeholder URI would be rejected by the Alexa service.
    """
    if lambda_arn and endpoint_url:
        raise ValueError("give a Lambda ARN or an endpoint URL, not both")
    privacy = os.environ.get("MILIA_PRIVACY_POLICY_URL", PRIVACY_POLICY_URL)
    custom: dict[str, Any] = {
        "interfaces": [
            {
                "type": "ALEXA_PRESENTATION_APL",
                "supportedViewports": [dict(v) for v in APL_VIEWPORTS],
            }
        ]
    }
    if lambda_arn:
        custom["endpoint"] = {"uri": lambda_arn}
    elif endpoint_url:
        custom["endpoint"] = https_endpoint(endpoint_url, ssl_certificate_type)
    terms = os.environ.get("MILIA_TERMS_OF_USE_URL", TERMS_OF_USE_URL)
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {
                    locale: {
                        "name": NAME,
                        "summary": regionalize(SUMMARY, locale),
                        "description": regionalize(DESCRIPTION, locale),
                        "examplePhrases": list(EXAMPLE_PHRASES),
                        "keywords": list(KEYWORDS),
                    }
                    for locale in LOCALES
                },
                "category": "HEALTH_AND_FITNESS",
                "isAvailableWorldwide": False,
                "distributionCountries": [COUNTRIES[locale] for locale in LOCALES],
                "distributionMode": "PUBLIC",
                "testingInstructions": TESTING_INSTRUCTIONS,
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
                "locales": {
                    locale: {"privacyPolicyUrl": privacy, "termsOfUseUrl": terms}
                    for locale in LOCALES
                },
            },
            "apis": {"custom": custom},
        }
    }


def build_skill_package(
    out_dir: Path = DEFAULT_OUT,
    lambda_arn: str | None = None,
    endpoint_url: str | None = None,
    ssl_certificate_type: str = "Wildcard",
) -> Path:
    """Write the skill package into ``out_dir`` (replacing an older one); return ``out_dir``.

    Raises ``ValueError`` for a malformed ARN or URL and ``FileNotFoundError`` for a missing
    model.
    """
    if lambda_arn is not None and not LAMBDA_ARN_RE.match(lambda_arn):
        raise ValueError(f"not a Lambda function ARN: {lambda_arn!r}")
    document = manifest(lambda_arn, endpoint_url, ssl_certificate_type)  # checks before writing
    sources = models_dir()
    models = {locale: sources / f"{locale}.json" for locale in LOCALES}
    for path in models.values():
        if not path.is_file():
            raise FileNotFoundError(f"no interaction model at {path}")
    out_dir = Path(out_dir)
    models_out = out_dir / "interactionModels"
    if models_out.is_dir():  # only what this function writes: never rmtree out_dir itself
        shutil.rmtree(models_out)
    custom = models_out / "custom"
    custom.mkdir(parents=True)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    (out_dir / "skill.json").write_text(text, encoding="utf-8")
    for locale, path in models.items():
        shutil.copyfile(path, custom / f"{locale}.json")
    return out_dir


def main(argv: Sequence[str] | None = None) -> int:
    """``milia-skill package [--out DIR] [--lambda-arn ARN | --endpoint-url URL]``.

    The ARN defaults to ``$LAMBDA_ARN`` when no endpoint URL is given.
    """
    parser = argparse.ArgumentParser(prog="milia-skill package", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--lambda-arn", default=None)
    parser.add_argument("--endpoint-url", default=None)
    parser.add_argument("--ssl-certificate-type", choices=SSL_CERTIFICATE_TYPES, default="Wildcard")
    args = parser.parse_args(argv)
    if args.lambda_arn is None and args.endpoint_url is None:
        args.lambda_arn = os.environ.get("LAMBDA_ARN") or None
    try:
        path = build_skill_package(
            args.out, args.lambda_arn, args.endpoint_url, args.ssl_certificate_type
        )
    except (ValueError, OSError) as exc:
        print(f"milia-skill package: error: {exc}", file=sys.stderr)
        return 2
    print(f"skill package written to {path}")
    if args.lambda_arn is None and args.endpoint_url is None:
        print(
            "note: no endpoint in skill.json (fine for creating the skill); once the Lambda is "
            "deployed, rebuild with --lambda-arn (osls output SkillFunctionArn), or give the "
            "web service's address with --endpoint-url https://...",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
