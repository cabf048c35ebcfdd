/**
 * Light, dark, or whatever the system says. The choice is kept in localStorage and applied as
 * the `dark` class on <html> (globals.css's dark variant), before first paint by an inline
 * script so a dark-mode reader never sees a white flash.
 */
export type ThemeChoice = "light" | "dark" | "system";
export const THEME_KEY = "busymate-theme";

export function applyTheme(choice: ThemeChoice) {
  const dark = choice === "dark" || (choice === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
}

export const THEME_SCRIPT = `try{var c=localStorage.getItem("${THEME_KEY}")||"system";var d=c==="dark"||(c==="system"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);document.documentElement.style.colorScheme=d?"dark":"light"}catch(e){}`;
