// Shell completion, generated from the program itself: a new command or flag is completed without anyone
// remembering to add it here.
import type { Command, Option } from "commander";

interface Spec {
  name: string;
  options: { long: string; short?: string; takes: boolean; choices?: readonly string[]; file: boolean; help: string }[];
}

/** The commands and their options, as commander holds them. */
function specs(program: Command): Spec[] {
  const opts = (c: Command): Spec["options"] =>
    (c.options as Option[])
      .filter((o) => o.long)
      .map((o) => ({
        long: o.long!.replace(/^--/, ""),
        ...(o.short ? { short: o.short.replace(/^-/, "") } : {}),
        takes: o.required || o.optional,
        ...(o.argChoices ? { choices: o.argChoices } : {}),
        file: /<(file|dir)>/.test(o.flags),
        help: o.description.replace(/\s+/g, " "),
      }));
  return program.commands.filter((c) => c.name() !== "help").map((c) => ({ name: c.name(), options: [...opts(c), { long: "help", short: "h", takes: false, file: false, help: "show help" }] }));
}

const q = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

function bash(program: Command): string {
  const all = specs(program);
  const cases = all
    .map((s) => {
      const words = s.options.flatMap((o) => [`--${o.long}`, ...(o.short ? [`-${o.short}`] : [])]).join(" ");
      const values = s.options
        .filter((o) => o.takes)
        .map((o) => {
          const flags = [`--${o.long}`, ...(o.short ? [`-${o.short}`] : [])].join("|");
          const action = o.choices
            ? `COMPREPLY=($(compgen -W ${q(o.choices.join(" "))} -- "$cur"))`
            : o.file
              ? `COMPREPLY=($(compgen -f -- "$cur"))`
              : o.long === "interface"
                ? `COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur"))`
                : "COMPREPLY=()";
          return `        ${flags}) ${action}; return ;;`;
        })
        .join("\n");
      return `    ${s.name})\n      case "$prev" in\n${values}\n      esac\n      COMPREPLY=($(compgen -W ${q(words)} -- "$cur")) ;;`;
    })
    .join("\n");
  return `# camsweep bash completion: eval "$(camsweep completion bash)", or save it in
# /etc/bash_completion.d/camsweep
_camsweep() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${q([...all.map((s) => s.name), "help", "--help", "--version"].join(" "))} -- "$cur"))
    return
  fi
  case "$cmd" in
${cases}
    help) COMPREPLY=($(compgen -W ${q(all.map((s) => s.name).join(" "))} -- "$cur")) ;;
  esac
}
complete -o default -F _camsweep camsweep
`;
}

function zsh(program: Command): string {
  // zsh runs the bash function through bashcompinit: one definition to keep right.
  return `#compdef camsweep
# camsweep zsh completion: eval "$(camsweep completion zsh)" in ~/.zshrc
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(program).split("\n").slice(2).join("\n")}`;
}

function fish(program: Command): string {
  const all = specs(program);
  const lines = ["# camsweep fish completion: camsweep completion fish > ~/.config/fish/completions/camsweep.fish", "complete -c camsweep -f"];
  for (const s of all) lines.push(`complete -c camsweep -n __fish_use_subcommand -a ${s.name}`);
  for (const s of all) {
    for (const o of s.options) {
      const parts = [`complete -c camsweep -n ${q(`__fish_seen_subcommand_from ${s.name}`)} -l ${o.long}`];
      if (o.short) parts.push(`-s ${o.short}`);
      if (o.takes) parts.push(o.choices ? `-x -a ${q(o.choices.join(" "))}` : o.file ? "-r -F" : "-x");
      parts.push(`-d ${q(o.help.slice(0, 80))}`);
      lines.push(parts.join(" "));
    }
  }
  return `${lines.join("\n")}\n`;
}

export const SHELLS = ["bash", "zsh", "fish"] as const;

export function completionScript(program: Command, shell: (typeof SHELLS)[number]): string {
  return shell === "bash" ? bash(program) : shell === "zsh" ? zsh(program) : fish(program);
}
