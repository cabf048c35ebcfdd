"use server";

import { revalidatePath } from "next/cache";
import { ownerPool } from "@/lib/db/pool";
import { revokeClientAuthorisations } from "@/lib/oauth/authorizations";
import { signedInPerson } from "@/lib/supabase/session";

/** Revokes everything the signed-in person granted one client (its grants and refresh tokens). */
export async function revokeClient(data: FormData): Promise<void> {
  const person = await signedInPerson();
  const clientId = data.get("client_id");
  if (!person || typeof clientId !== "string" || clientId.length === 0 || clientId.length > 2048) return;
  await revokeClientAuthorisations(ownerPool(), person.userId, clientId);
  revalidatePath("/account");
}
