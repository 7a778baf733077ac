"""A throw-away self-signed certificate per lab, made with the ``openssl`` command."""

from __future__ import annotations

import hashlib
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LabCertificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256 of the DER certificate, lowercase hex without colons


def make_certificate(directory: Path, openssl: str = "openssl") -> LabCertificate:
    """Write cert.pem/key.pem for CN=localhost with SAN localhost and 127.0.0.1 (EC P-256: fast to make)."""
    directory.mkdir(parents=True, exist_ok=True)
    cert_path = directory / "cert.pem"
    key_path = directory / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-sha256", "-days", "30", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-keyout", str(key_path), "-out", str(cert_path),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    key_path.chmod(0o640)
    cert_path.chmod(0o644)
    der = ssl.PEM_cert_to_DER_cert(cert_path.read_text())
    return LabCertificate(cert_path, key_path, hashlib.sha256(der).hexdigest())
