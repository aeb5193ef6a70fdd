// What restricted requires to be set on every container (allowPrivilegeEscalation: false,
// capabilities.drop: [ALL], runAsNonRoot: true, a RuntimeDefault or Localhost seccomp
// profile), and every place a value counts from because Argo applies it to that container.
import { describe, expect, it } from "vitest";
import { check, dotted, levelPolicy } from "./admission-fixtures.ts";

type Json = Record<string, unknown>;
type Path = Array<string | number>;

interface Requirement {
  name: string;
  path: string[];
  value: unknown;
  /** Whether a pod-level securityContext can meet it too. */
  podLevel: boolean;
  says: string;
  fix: (template: string) => string;
}

const requirements: Requirement[] = [
  {
    name: "allowPrivilegeEscalation",
    path: ["allowPrivilegeEscalation"],
    value: false,
    podLevel: false,
    says: "allowPrivilegeEscalation: false on every container",
    fix: () => "set it to false there",
  },
  {
    name: "capabilities.drop",
    path: ["capabilities", "drop"],
    value: ["ALL"],
    podLevel: false,
    says: "every container to drop ALL capabilities",
    fix: () => "set capabilities.drop: [ALL] there",
  },
  {
    name: "runAsNonRoot",
    path: ["runAsNonRoot"],
    value: true,
    podLevel: true,
    says: "runAsNonRoot: true for every container",
    fix: (template) =>
      `set runAsNonRoot: true there, or for the whole pod in ${template}.securityContext or spec.securityContext`,
  },
  {
    name: "seccompProfile.type",
    path: ["seccompProfile", "type"],
    value: "RuntimeDefault",
    podLevel: true,
    says: "a RuntimeDefault or Localhost seccomp profile for every container",
    fix: (template) =>
      `set seccompProfile.type: RuntimeDefault there, or for the whole pod in ${template}.securityContext or spec.securityContext`,
  },
];

/** All four on the container itself; the workflow spec sets none. */
const complete: Json = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
};

function without(requirement: Requirement): Json {
  const { [requirement.path[0] as string]: _dropped, ...rest } = complete;
  return rest;
}

function nested(path: string[], value: unknown): Json {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Json;
}

function container(securityContext: Json = complete, name?: string): Json {
  return {
    ...(name ? { name } : {}),
    image: "python:3.12",
    command: ["python", "-c", "1"],
    securityContext,
  };
}

function workflowTemplate(spec: Json): Json {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "train" },
    spec: { entrypoint: "main", ...spec },
  };
}

const t0: Path = ["spec", "templates", 0];

/** Places whose container is checked on its own values: the template, and the container in it. */
const ownPlaces: Array<{ name: string; template: Path; target: Path; build: (sc: Json) => Json }> =
  [
    {
      name: "container",
      template: t0,
      target: [...t0, "container"],
      build: (sc) => workflowTemplate({ templates: [{ name: "main", container: container(sc) }] }),
    },
    {
      name: "script",
      template: t0,
      target: [...t0, "script"],
      build: (sc) =>
        workflowTemplate({
          templates: [
            {
              name: "main",
              script: {
                image: "python:3.12",
                command: ["python"],
                source: "1",
                securityContext: sc,
              },
            },
          ],
        }),
    },
    {
      name: "containerSet",
      template: t0,
      target: [...t0, "containerSet", "containers", 0],
      build: (sc) =>
        workflowTemplate({
          templates: [{ name: "main", containerSet: { containers: [container(sc, "main")] } }],
        }),
    },
    {
      name: "sidecar",
      template: t0,
      target: [...t0, "sidecars", 0],
      build: (sc) =>
        workflowTemplate({
          templates: [
            { name: "main", container: container(), sidecars: [container(sc, "helper")] },
          ],
        }),
    },
    {
      name: "initContainer",
      template: t0,
      target: [...t0, "initContainers", 0],
      build: (sc) =>
        workflowTemplate({
          templates: [
            { name: "main", container: container(), initContainers: [container(sc, "setup")] },
          ],
        }),
    },
    {
      name: "daemon",
      template: t0,
      target: [...t0, "container"],
      build: (sc) =>
        workflowTemplate({ templates: [{ name: "main", daemon: true, container: container(sc) }] }),
    },
    {
      name: "inline step",
      template: [...t0, "steps", 0, 0, "inline"],
      target: [...t0, "steps", 0, 0, "inline", "container"],
      build: (sc) =>
        workflowTemplate({
          templates: [
            { name: "main", steps: [[{ name: "train", inline: { container: container(sc) } }]] },
          ],
        }),
    },
    {
      name: "inline DAG task",
      template: [...t0, "dag", "tasks", 0, "inline"],
      target: [...t0, "dag", "tasks", 0, "inline", "container"],
      build: (sc) =>
        workflowTemplate({
          templates: [
            {
              name: "main",
              dag: { tasks: [{ name: "train", inline: { container: container(sc) } }] },
            },
          ],
        }),
    },
    {
      name: "nested inline",
      template: [...t0, "steps", 0, 0, "inline", "dag", "tasks", 0, "inline"],
      target: [...t0, "steps", 0, 0, "inline", "dag", "tasks", 0, "inline", "container"],
      build: (sc) =>
        workflowTemplate({
          templates: [
            {
              name: "main",
              steps: [
                [
                  {
                    name: "stage",
                    inline: {
                      dag: { tasks: [{ name: "train", inline: { container: container(sc) } }] },
                    },
                  },
                ],
              ],
            },
          ],
        }),
    },
  ];

/** Places a value counts from for the container of `main`, which lacks it. */
const creditPlaces: Array<{
  name: string;
  podLevelOnly: boolean;
  spec: (lacking: Json, credit: Json | undefined) => Json;
}> = [
  {
    name: "spec.templateDefaults.container.securityContext",
    podLevelOnly: false,
    spec: (lacking, credit) => ({
      templateDefaults: {
        container: { image: "python:3.12", ...(credit ? { securityContext: credit } : {}) },
      },
      templates: [{ name: "main", container: container(lacking) }],
    }),
  },
  {
    name: "a podSpecPatch entry for the container",
    podLevelOnly: false,
    spec: (lacking, credit) => ({
      templates: [
        {
          name: "main",
          container: container(lacking),
          ...(credit
            ? {
                podSpecPatch: JSON.stringify({
                  containers: [{ name: "main", securityContext: credit }],
                }),
              }
            : {}),
        },
      ],
    }),
  },
  {
    name: "the workflow's podSpecPatch entry for the container",
    podLevelOnly: false,
    spec: (lacking, credit) => ({
      ...(credit
        ? {
            podSpecPatch: `containers:\n  - name: main\n    securityContext: ${JSON.stringify(credit)}\n`,
          }
        : {}),
      templates: [{ name: "main", container: container(lacking) }],
    }),
  },
  {
    name: "spec.securityContext",
    podLevelOnly: true,
    spec: (lacking, credit) => ({
      ...(credit ? { securityContext: credit } : {}),
      templates: [{ name: "main", container: container(lacking) }],
    }),
  },
  {
    name: "the template's securityContext",
    podLevelOnly: true,
    spec: (lacking, credit) => ({
      templates: [
        {
          name: "main",
          container: container(lacking),
          ...(credit ? { securityContext: credit } : {}),
        },
      ],
    }),
  },
  {
    name: "spec.templateDefaults.securityContext",
    podLevelOnly: true,
    spec: (lacking, credit) => ({
      ...(credit ? { templateDefaults: { securityContext: credit } } : {}),
      templates: [{ name: "main", container: container(lacking) }],
    }),
  },
  {
    name: "a podSpecPatch's securityContext",
    podLevelOnly: true,
    spec: (lacking, credit) => ({
      templates: [
        {
          name: "main",
          container: container(lacking),
          ...(credit ? { podSpecPatch: JSON.stringify({ securityContext: credit }) } : {}),
        },
      ],
    }),
  },
];

function unmet(requirement: Requirement, target: Path, template: Path) {
  const path = [...target, "securityContext", ...requirement.path];
  return {
    path,
    message: `restricted pod security (server policy) requires ${requirement.says}: ${dotted(path)} is not set; ${requirement.fix(dotted(template))}`,
    severity: "error",
  };
}

const restricted = levelPolicy("restricted");
const baseline = levelPolicy("baseline");

describe("restricted's must-be-set requirements", () => {
  for (const requirement of requirements) {
    for (const place of ownPlaces) {
      it(`${requirement.name} unset on the ${place.name}: refused by restricted, admitted by baseline`, () => {
        const lacking = place.build(without(requirement));
        expect(check(lacking, restricted)).toEqual([
          unmet(requirement, place.target, place.template),
        ]);
        expect(check(lacking, baseline)).toEqual([]);
        expect(check(place.build(complete), restricted)).toEqual([]);
      });
    }
    for (const place of creditPlaces) {
      if (place.podLevelOnly && !requirement.podLevel) continue;
      it(`${requirement.name} counts when set in ${place.name}`, () => {
        const credit = nested(requirement.path, requirement.value);
        const lacking = without(requirement);
        expect(check(workflowTemplate(place.spec(lacking, credit)), restricted)).toEqual([]);
        expect(check(workflowTemplate(place.spec(lacking, undefined)), restricted)).toEqual([
          unmet(requirement, [...t0, "container"], t0),
        ]);
      });
    }
  }

  it("leaves out the pod-level places for the two requirements only a container can meet", () => {
    const leftOut = requirements.flatMap((requirement) =>
      creditPlaces
        .filter((place) => place.podLevelOnly && !requirement.podLevel)
        .map((place) => `${requirement.name} in ${place.name}`),
    );
    expect(leftOut).toEqual([
      "allowPrivilegeEscalation in spec.securityContext",
      "allowPrivilegeEscalation in the template's securityContext",
      "allowPrivilegeEscalation in spec.templateDefaults.securityContext",
      "allowPrivilegeEscalation in a podSpecPatch's securityContext",
      "capabilities.drop in spec.securityContext",
      "capabilities.drop in the template's securityContext",
      "capabilities.drop in spec.templateDefaults.securityContext",
      "capabilities.drop in a podSpecPatch's securityContext",
    ]);
  });

  it("does not count spec.securityContext for a template with a securityContext of its own, which replaces it", () => {
    const document = workflowTemplate({
      securityContext: { runAsNonRoot: true },
      templates: [
        {
          name: "main",
          securityContext: { fsGroup: 1000 },
          container: container(without(requirements[2] as Requirement)),
        },
      ],
    });
    expect(check(document, restricted)).toEqual([
      {
        path: [...t0, "container", "securityContext", "runAsNonRoot"],
        message:
          "restricted pod security (server policy) requires runAsNonRoot: true for every container: spec.templates[0].container.securityContext.runAsNonRoot is not set; set runAsNonRoot: true there, or for the whole pod in spec.templates[0].securityContext (a template's securityContext replaces spec.securityContext)",
        severity: "error",
      },
    ]);
  });

  it("holds a container a podSpecPatch adds to the pod to them, but not Argo's own wait and init", () => {
    const patch = {
      containers: [
        { name: "proxy", image: "envoy" },
        { name: "wait", resources: { limits: { cpu: "1" } } },
      ],
    };
    const document = workflowTemplate({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      templates: [{ name: "main", container: container(), podSpecPatch: JSON.stringify(patch) }],
    });
    const at = "spec.templates[0].podSpecPatch: containers[0].securityContext";
    expect(check(document, restricted).map((problem) => [problem.path, problem.message])).toEqual([
      [
        [...t0, "podSpecPatch"],
        `restricted pod security (server policy) requires allowPrivilegeEscalation: false on every container: ${at}.allowPrivilegeEscalation is not set; set it to false there`,
      ],
      [
        [...t0, "podSpecPatch"],
        `restricted pod security (server policy) requires every container to drop ALL capabilities: ${at}.capabilities.drop is not set; set capabilities.drop: [ALL] there`,
      ],
    ]);
  });
});
