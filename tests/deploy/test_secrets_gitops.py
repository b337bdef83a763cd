"""Secrets under GitOps. `lookup` sees no cluster under `helm template`, Argo CD or a CI render, so generated
secrets change on every sync (new HMAC secret and pepper: every hash changes, every API key dies). With
existingSecret (documented as required there) every secret the chart uses comes from Secrets the operator
made once: the chart renders none, and two renders are identical."""

from __future__ import annotations

import redis
from deploytools import CHART, by_kind, helm, render

GITOPS = ("secrets.existingSecret=phiguard-secrets", "secrets.generate=false",
          "redis.existingSecret=phiguard-redis", "redis.existingSecretPasswordKey=password",
          "redis.host=redis.internal.example", "redis.port=6380", "redis.tls=true")
BUNDLED_GITOPS = ("secrets.existingSecret=phiguard-secrets", "redis.bundled.existingSecret=phiguard-redis-trial")
# Every generated secret the services read: bootstrap key (auth), pepper (auth), HMAC (inference), job (edge, worker).
SECRET_ENV = {"auth": {"PHIGUARD_BOOTSTRAP_ADMIN_KEY", "PHIGUARD_AUTH_KEY_PEPPER"},
              "inference": {"PHIGUARD_HMAC_SECRET"}, "edge": {"PHIGUARD_JOB_SECRET"},
              "worker": {"PHIGUARD_JOB_SECRET"}}


def _template(*sets: str) -> str:
    args = ["template", "rel", str(CHART), "--namespace", "phiguard"]
    for s in sets:
        args += ["--set", s]
    return helm(*args).stdout


def env_of(deployment: dict) -> list[dict]:
    (c,) = deployment["spec"]["template"]["spec"]["containers"]
    return c["env"]


def test_offline_renders_rotate_generated_secrets():
    # The failure mode existingSecret exists for: two renders without a cluster disagree.
    assert _template() != _template()


def test_gitops_values_render_no_secret_and_are_stable():
    assert _template(*GITOPS) == _template(*GITOPS)
    assert _template(*BUNDLED_GITOPS) == _template(*BUNDLED_GITOPS)
    assert not by_kind(render(sets=GITOPS), "Secret")
    assert not by_kind(render(sets=BUNDLED_GITOPS), "Secret")


def test_every_secret_reference_points_at_the_existing_secret():
    deps = by_kind(render(sets=GITOPS), "Deployment")
    for component, names in SECRET_ENV.items():
        env = {e["name"]: e for e in env_of(deps[f"rel-phiguard-{component}"])}
        for name in names:
            assert env[name]["valueFrom"]["secretKeyRef"]["name"] == "phiguard-secrets", (component, name)


def test_generate_false_without_existing_secret_fails():
    result = helm("template", "rel", str(CHART), "--set", "secrets.generate=false", check=False)
    assert result.returncode != 0 and "existingSecret" in result.stderr


def test_redis_password_key_builds_the_url():
    deps = by_kind(render(sets=GITOPS), "Deployment")
    assert "rel-phiguard-redis" not in deps
    for component in ("edge", "auth", "worker"):
        env = env_of(deps[f"rel-phiguard-{component}"])
        names = [e["name"] for e in env]
        # $(REDIS_PASSWORD) expands only from a variable defined earlier in the list.
        assert names.index("REDIS_PASSWORD") < names.index("PHIGUARD_REDIS_URL")
        password = env[names.index("REDIS_PASSWORD")]["valueFrom"]["secretKeyRef"]
        assert password == {"name": "phiguard-redis", "key": "password"}
        url = env[names.index("PHIGUARD_REDIS_URL")]["value"]
        assert url == "rediss://:$(REDIS_PASSWORD)@redis.internal.example:6380/0"
    # What the service gets after Kubernetes expands it, as redis-py reads it (percent-encoded password).
    expanded = url.replace("$(REDIS_PASSWORD)", "p%40ss%2Fword")
    kwargs = redis.Redis.from_url(expanded).connection_pool.connection_kwargs
    assert kwargs["password"] == "p@ss/word" and kwargs["host"] == "redis.internal.example"
    assert kwargs["port"] == 6380


def test_bundled_redis_takes_its_password_from_the_existing_secret():
    deps = by_kind(render(sets=BUNDLED_GITOPS), "Deployment")
    redis_env = env_of(deps["rel-phiguard-redis"])
    assert redis_env[0]["valueFrom"]["secretKeyRef"] == {"name": "phiguard-redis-trial", "key": "redis-password"}
    env = {e["name"]: e for e in env_of(deps["rel-phiguard-auth"])}
    assert env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "phiguard-redis-trial"
    assert env["PHIGUARD_REDIS_URL"]["value"] == \
        "redis://:$(REDIS_PASSWORD)@rel-phiguard-redis.phiguard.svc.cluster.local:6379/0"


def test_password_key_without_host_fails():
    result = helm("template", "rel", str(CHART), "--set", "redis.existingSecret=r",
                  "--set", "redis.existingSecretPasswordKey=password", check=False)
    assert result.returncode != 0 and "redis.host" in result.stderr
