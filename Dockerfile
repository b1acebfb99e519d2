# syntax=docker/dockerfile:1
# iacgrade with the run toolchains: the binary, bubblewrap, Terraform with the AWS provider in an
# offline mirror, and the Python and Node tools of tools/install-toolchains.sh (`iacgrade setup`).
#
#   docker build -t iacgrade .
#   docker run --rm -v "$PWD:/work" iacgrade review examples/healthcare-analytics
#
# The sandbox of `run` needs user namespaces, which Docker's default seccomp profile refuses:
# give `--security-opt seccomp=unconfined` (or a profile allowing clone/unshare of user
# namespaces) to `docker run` for `run` and `review --run`; the static commands need nothing.

# ---- build: the toolchain CI uses (stable Rust 1.95) on Debian bookworm -------------------------
FROM rust:1.95-bookworm AS build
# tree-sitter's grammars and the crypto library of the AWS SDK compile C; the latter needs cmake.
RUN apt-get update \
    && apt-get install -y --no-install-recommends cmake \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock rustfmt.toml ./
COPY crates crates
COPY policies policies
COPY tools tools
COPY examples examples
RUN cargo build --release --locked -p iacgrade

# ---- runtime: Node 20 (tools/node), Python 3.11 (bookworm's), bubblewrap, Terraform ------------
FROM node:20-bookworm-slim AS runtime
ARG TERRAFORM_VERSION=1.11.4
ARG AWS_PROVIDER_VERSION=5.100.0
ARG TARGETARCH=amd64
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        bubblewrap ca-certificates curl git python3 python3-venv unzip \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/terraform.zip \
        "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_${TARGETARCH}.zip" \
    && unzip -q /tmp/terraform.zip terraform -d /usr/local/bin \
    && rm /tmp/terraform.zip \
    && terraform version
# The provider mirror `run` installs providers from offline (its sandbox has no network).
RUN mkdir -p /tmp/mirror \
    && printf 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "%s"\n    }\n  }\n}\n' \
        "$AWS_PROVIDER_VERSION" > /tmp/mirror/main.tf \
    && terraform -chdir=/tmp/mirror providers mirror /opt/tf-plugins \
    && rm -rf /tmp/mirror
COPY --from=build /src/target/release/iacgrade /usr/local/bin/iacgrade
ENV IACGRADE_TOOLCHAINS=/opt/iacgrade/toolchains
RUN iacgrade setup --prefix "$IACGRADE_TOOLCHAINS" \
    && rm -rf /root/.npm /root/.cache/pip \
    && iacgrade doctor
WORKDIR /work
ENTRYPOINT ["iacgrade"]
CMD ["--help"]
