#!/usr/bin/env bash
# Regenerates every API surface under crates/api/data/ from the pinned packages.
#
# usage: tools/api-surface/generate.sh [WORK_DIR]
#
# Installs the packages listed below from PyPI and npm into WORK_DIR (default: a new temporary
# folder; nothing is installed system-wide), reads them, and writes
# crates/api/data/<surface>.surface.gz. Needs python3 (3.10+), node (18+), npm and pip.
# Deterministic: the same pins give byte-identical files. Takes ~10-25 minutes and ~6 GB of
# memory on two cores (the Python readers parse every module of pulumi_aws and aws_cdk).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(cd "$HERE/../.." && pwd)/crates/api/data"
WORK="${1:-$(mktemp -d -t api-surface-XXXXXX)}"
mkdir -p "$WORK" "$OUT"
echo "api-surface: working in $WORK"

# --- Pins. Two major versions where the corpus uses both (pulumi-aws 6 and 7, the Terraform AWS
# provider 5 and 6 through @cdktf/provider-aws 19 and 21, awsx 2 and 3): a surface is the union,
# so a name that exists in either major version is accepted.
TYPESCRIPT=5.9.3
PULUMI_NPM=3.276.0
PULUMI_AWS_NPM_NEW=7.48.0
PULUMI_AWS_NPM_OLD=6.83.4
PULUMI_RANDOM_NPM=4.21.2
PULUMI_TLS_NPM=5.6.1
PULUMI_AWSX_NPM_NEW=3.9.0
PULUMI_AWSX_NPM_OLD=2.22.0
PULUMI_PY=3.272.0
PULUMI_AWS_PY_NEW=7.51.1
PULUMI_AWS_PY_OLD=6.83.4
PULUMI_RANDOM_PY=4.21.4
PULUMI_TLS_PY=5.6.2
PULUMI_AWSX_PY_NEW=3.11.0
PULUMI_AWSX_PY_OLD=2.22.0
AWS_CDK_LIB=2.275.0
CONSTRUCTS=10.8.1
CDKTF=0.21.0
CDKTF_PROVIDER_AWS_NEW=21.22.1
CDKTF_PROVIDER_AWS_OLD=19.65.1
CFN_LINT=1.58.0

npm_install() { # dir packages...
  local dir="$1"; shift
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --silent "$@")
}

wheels() { # dir packages...
  local dir="$1"; shift
  mkdir -p "$dir/whl" "$dir/site"
  pip download --quiet --no-deps -d "$dir/whl" "$@"
  for w in "$dir"/whl/*.whl; do python3 -m zipfile -e "$w" "$dir/site"; done
}

npm_unpack() { # dir package@version
  local dir="$1" spec="$2"
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
}

# --- Pulumi
npm_install "$WORK/pulumi-ts-new" "typescript@$TYPESCRIPT" "@pulumi/pulumi@$PULUMI_NPM" \
  "@pulumi/aws@$PULUMI_AWS_NPM_NEW" "@pulumi/random@$PULUMI_RANDOM_NPM" \
  "@pulumi/tls@$PULUMI_TLS_NPM" "@pulumi/awsx@$PULUMI_AWSX_NPM_NEW"
npm_install "$WORK/pulumi-ts-old" "typescript@$TYPESCRIPT" "@pulumi/pulumi@$PULUMI_NPM" \
  "@pulumi/aws@$PULUMI_AWS_NPM_OLD" "@pulumi/awsx@$PULUMI_AWSX_NPM_OLD"
python3 "$HERE/pulumi_typescript.py" "$OUT/pulumi-ts.surface.gz" \
  "$WORK/pulumi-ts-new/node_modules:npm:@pulumi/pulumi==$PULUMI_NPM,npm:@pulumi/aws==$PULUMI_AWS_NPM_NEW,npm:@pulumi/random==$PULUMI_RANDOM_NPM,npm:@pulumi/tls==$PULUMI_TLS_NPM,npm:@pulumi/awsx==$PULUMI_AWSX_NPM_NEW" \
  "$WORK/pulumi-ts-old/node_modules:npm:@pulumi/aws==$PULUMI_AWS_NPM_OLD,npm:@pulumi/awsx==$PULUMI_AWSX_NPM_OLD"

wheels "$WORK/pulumi-py-new" "pulumi==$PULUMI_PY" "pulumi-aws==$PULUMI_AWS_PY_NEW" \
  "pulumi-random==$PULUMI_RANDOM_PY" "pulumi-tls==$PULUMI_TLS_PY" "pulumi-awsx==$PULUMI_AWSX_PY_NEW"
wheels "$WORK/pulumi-py-old" "pulumi==$PULUMI_PY" "pulumi-aws==$PULUMI_AWS_PY_OLD" \
  "pulumi-awsx==$PULUMI_AWSX_PY_OLD"
(cd "$HERE" && python3 pulumi_python.py "$OUT/pulumi-py.surface.gz" \
  "$WORK/pulumi-py-new/site:pypi:pulumi==$PULUMI_PY,pypi:pulumi-aws==$PULUMI_AWS_PY_NEW,pypi:pulumi-random==$PULUMI_RANDOM_PY,pypi:pulumi-tls==$PULUMI_TLS_PY,pypi:pulumi-awsx==$PULUMI_AWSX_PY_NEW" \
  "$WORK/pulumi-py-old/site:pypi:pulumi-aws==$PULUMI_AWS_PY_OLD,pypi:pulumi-awsx==$PULUMI_AWSX_PY_OLD")

# --- AWS CDK
npm_install "$WORK/cdk-ts" "typescript@$TYPESCRIPT" "aws-cdk-lib@$AWS_CDK_LIB" \
  "constructs@$CONSTRUCTS" "cdktf@$CDKTF"
wheels "$WORK/cdk-py" "aws-cdk-lib==$AWS_CDK_LIB" "constructs==$CONSTRUCTS"
(cd "$HERE" && python3 cdk.py "$OUT" "$WORK/cdk-ts/node_modules" "$WORK/cdk-py/site" \
  "npm:aws-cdk-lib==$AWS_CDK_LIB,npm:constructs==$CONSTRUCTS,pypi:aws-cdk-lib==$AWS_CDK_LIB,pypi:constructs==$CONSTRUCTS")

# --- Terraform AWS provider and CDKTF
npm_unpack "$WORK/provider-aws-new" "@cdktf/provider-aws@$CDKTF_PROVIDER_AWS_NEW"
npm_unpack "$WORK/provider-aws-old" "@cdktf/provider-aws@$CDKTF_PROVIDER_AWS_OLD"
wheels "$WORK/cdktf-py" "cdktf==$CDKTF" "constructs==$CONSTRUCTS"
(cd "$HERE" && python3 terraform_provider.py "$OUT" "$WORK/cdk-ts/node_modules" "$WORK/cdktf-py/site" \
  "npm:cdktf==$CDKTF,npm:constructs==$CONSTRUCTS,pypi:cdktf==$CDKTF,pypi:constructs==$CONSTRUCTS" \
  "$WORK/provider-aws-new/package/lib:npm:@cdktf/provider-aws==$CDKTF_PROVIDER_AWS_NEW" \
  "$WORK/provider-aws-old/package/lib:npm:@cdktf/provider-aws==$CDKTF_PROVIDER_AWS_OLD")

# --- CloudFormation
wheels "$WORK/cfn" "cfn-lint==$CFN_LINT"
(cd "$HERE" && python3 cfn_schemas.py "$OUT/cfn.surface.gz" "$WORK/cfn/site" "pypi:cfn-lint==$CFN_LINT")

ls -l "$OUT"
echo "api-surface: done; the work folder $WORK can be removed"
