import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { generateCACertificate } from "mockttp";
import { paths, writeSecretFile } from "../config";

export interface CertificateAuthority {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  fingerprintSha256: string;
  validTo: string;
  created: boolean;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * The CA the proxy signs its per-host certificates with, made once per config dir and kept:
 * a person trusts it once, and every later capture reuses it. The key is a secret (0600).
 */
export async function ensureCa(dir?: string): Promise<CertificateAuthority> {
  const { caCert, caKey } = paths(dir);
  let cert = await readIfPresent(caCert);
  let key = await readIfPresent(caKey);
  let created = false;
  if (!cert || !key) {
    const generated = await generateCACertificate({
      subject: { commonName: "Busymate CLI CA", organizationName: "Busymate" },
      bits: 2048,
    });
    ({ cert, key } = generated);
    await writeSecretFile(caKey, key);
    await writeSecretFile(caCert, cert);
    created = true;
  }
  const x509 = new X509Certificate(cert);
  return {
    certPath: caCert,
    keyPath: caKey,
    cert,
    key,
    fingerprintSha256: x509.fingerprint256,
    validTo: new Date(x509.validTo).toISOString(),
    created,
  };
}

/** How to trust the CA on each OS, and for runtimes that keep their own store. */
export function trustSteps(certPath: string): Record<string, string[]> {
  return {
    macos: [`sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${certPath}"`],
    linux: [
      `Debian/Ubuntu: sudo cp "${certPath}" /usr/local/share/ca-certificates/busymate.crt && sudo update-ca-certificates`,
      `Fedora/RHEL: sudo cp "${certPath}" /etc/pki/ca-trust/source/anchors/busymate.pem && sudo update-ca-trust`,
    ],
    windows: [`certutil -addstore -user Root "${certPath}"`],
    runtimes: [
      `Node: NODE_EXTRA_CA_CERTS="${certPath}"`,
      `Python requests: REQUESTS_CA_BUNDLE="${certPath}"`,
      `curl: curl --cacert "${certPath}" (or CURL_CA_BUNDLE)`,
      "Or skip all of this for one program: busymate run -- <command>",
    ],
  };
}
