"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useOperations } from "@/lib/browser/providers";
import { deviceKeys } from "@/lib/data/devices";
import { addDevice, type AddedDevice, type DeviceKind } from "@/lib/data/devices/pairing";
import { PairingInstructions } from "./pairing-instructions";

const KINDS: { value: DeviceKind; label: string }[] = [
  { value: "ios", label: "iPhone or iPad (Busymate app)" },
  { value: "cli", label: "busymate CLI" },
  { value: "proxy", label: "Proxy" },
  { value: "macos", label: "Mac" },
  { value: "android", label: "Android" },
  { value: "browser", label: "Browser" },
  { value: "other", label: "Other" },
];

/** Adds a device the person owns and shows its pairing code and the command to pair it. */
export function AddDeviceDialog({ openInitially }: { openInitially: boolean }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [added, setAdded] = useState<AddedDevice | null>(null);
  const add = useMutation({
    mutationFn: (input: { name: string; kind: DeviceKind; os?: string }) => addDevice(call, input),
    onSuccess: (result) => {
      setAdded(result);
      void queryClient.invalidateQueries({ queryKey: deviceKeys.list(), exact: true });
    },
  });
  useEffect(() => {
    if (openInitially) dialog.current?.showModal();
  }, [openInitially]);
  const open = () => {
    setAdded(null);
    add.reset();
    dialog.current?.showModal();
  };
  return (
    <>
      <Button variant="primary" size="sm" onClick={open}>
        Add a device
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="add-device-title"
        className="m-auto w-full max-w-xl rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id="add-device-title" className="mb-3 text-base font-semibold">
          {added ? `Pair “${added.device.name}”` : "Add a device"}
        </h2>
        {added ? (
          <PairingInstructions pairing={added.pairing} />
        ) : (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              const os = String(form.get("os") ?? "").trim();
              add.mutate({
                name: String(form.get("name") ?? "").trim(),
                kind: form.get("kind") as DeviceKind,
                ...(os ? { os } : {}),
              });
            }}
          >
            <label className="block text-sm">
              Name
              <input
                name="name"
                required
                maxLength={100}
                placeholder="Ana's iPhone"
                className="mt-1 h-8 w-full rounded border border-zinc-300 bg-transparent px-2 dark:border-zinc-700"
              />
            </label>
            <label className="block text-sm">
              Kind
              <select
                name="kind"
                defaultValue="ios"
                className="mt-1 h-8 w-full rounded border border-zinc-300 bg-transparent px-1 dark:border-zinc-700 dark:bg-zinc-900"
              >
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              Operating system <span className="text-zinc-500">(optional)</span>
              <input
                name="os"
                maxLength={100}
                placeholder="iOS 26.1"
                className="mt-1 h-8 w-full rounded border border-zinc-300 bg-transparent px-2 dark:border-zinc-700"
              />
            </label>
            {add.isError && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {add.error.message}
              </p>
            )}
            <Button type="submit" variant="primary" disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add and get a pairing code"}
            </Button>
          </form>
        )}
        <form method="dialog" className="mt-4 text-right">
          <Button type="submit">Close</Button>
        </form>
      </dialog>
    </>
  );
}
