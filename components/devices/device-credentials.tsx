"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useOperations } from "@/lib/browser/providers";
import { newPairingCode, revokeCredentials, type PairingCode } from "@/lib/data/devices/pairing";
import { PairingInstructions } from "./pairing-instructions";

/**
 * A device's credentials: pair it (again) with a fresh code, or revoke what it holds. Revoking
 * keeps the device and its captures; it only stops it from getting tokens until paired again.
 */
export function DeviceCredentials({ uuid, name }: { uuid: string; name: string }) {
  const call = useOperations();
  const [pairing, setPairing] = useState<PairingCode | null>(null);
  const [confirming, setConfirming] = useState(false);
  const code = useMutation({ mutationFn: () => newPairingCode(call, uuid), onSuccess: setPairing });
  const revoke = useMutation({
    mutationFn: () => revokeCredentials(call, uuid),
    onSuccess: () => setConfirming(false),
  });
  const error = code.error ?? revoke.error;
  return (
    <section aria-labelledby="credentials-heading" className="space-y-2">
      <h2 id="credentials-heading" className="text-sm font-semibold">
        Pairing
      </h2>
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={() => code.mutate()} disabled={code.isPending}>
          New pairing code
        </Button>
        {confirming ? (
          <>
            <span className="text-sm">Revoke {name}&apos;s credentials? It stops sending until paired again.</span>
            <Button size="sm" variant="danger" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
              Revoke
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
            Revoke credentials
          </Button>
        )}
      </div>
      {revoke.isSuccess && (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {revoke.data.revoked === 0
            ? "The device held no live credential."
            : "Revoked: its next token request will fail."}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
      {pairing && <PairingInstructions pairing={pairing} />}
    </section>
  );
}
