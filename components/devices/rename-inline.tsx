"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useOperations } from "@/lib/browser/providers";
import { deviceKeys, renameDevice, type Device } from "@/lib/data/devices";

/** The device's name, editable in place: Enter saves, Escape cancels. */
export function RenameInline({ device, canEdit }: { device: Device; canEdit: boolean }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(device.name);
  const rename = useMutation({
    mutationFn: (next: string) => renameDevice(call, device.uuid, next),
    onSuccess: (_, next) => {
      // The feed's rows read device names from this cache, so they change at once too.
      queryClient.setQueryData<Device[]>(deviceKeys.list(), (devices) =>
        devices?.map((d) => (d.uuid === device.uuid ? { ...d, name: next } : d)),
      );
      setEditing(false);
    },
  });
  if (!editing) {
    return (
      <span className="flex items-center gap-2">
        <span className="font-medium" data-testid="device-name">
          {device.name}
        </span>
        {canEdit && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => (setName(device.name), setEditing(true))}
            aria-label={`Rename ${device.name}`}
          >
            Rename
          </Button>
        )}
      </span>
    );
  }
  const trimmed = name.trim();
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed && trimmed !== device.name) rename.mutate(trimmed);
        else setEditing(false);
      }}
    >
      <input
        autoFocus
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
        aria-label="Device name"
        aria-invalid={trimmed === ""}
        className="h-7 w-48 rounded border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700"
      />
      <Button size="sm" variant="primary" type="submit" disabled={rename.isPending || trimmed === ""}>
        Save
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
        Cancel
      </Button>
      {rename.isError && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {rename.error.message}
        </span>
      )}
    </form>
  );
}
