// Small, valid pipeline definitions for tests, as YAML text.

export function workflowTemplate(
  name: string,
  options: { image?: string; extra?: string } = {},
): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ${name}
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: lr
        value: "0.01"
  templates:
    - name: main
      dag:
        tasks:
          - name: load
            template: step
          - name: train
            template: step
            dependencies: [load]
    - name: step
      container:
        image: ${options.image ?? "python:3.12"}
        command: [python, -c, "print('{{workflow.parameters.lr}}')"]
${options.extra ?? ""}`;
}

export function cronWorkflow(name: string, template: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: ${name}
spec:
  schedules: ["0 2 * * *"]
  workflowSpec:
    workflowTemplateRef:
      name: ${template}
`;
}

/** A pipeline with the node kinds Argo reports: steps, a DAG, a retried step, a skipped step, an exit handler. */
export function lifecyclePipeline(name: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ${name}
spec:
  entrypoint: main
  onExit: notify
  arguments:
    parameters:
      - name: lr
        value: "0.01"
  templates:
    - name: main
      steps:
        - - name: load
            template: step
        - - name: fit
            template: fit
        - - name: publish
            template: step
            when: "{{workflow.parameters.lr}} == 0"
    - name: fit
      dag:
        tasks:
          - name: train
            template: flaky
          - name: evaluate
            template: step
            dependencies: [train]
    - name: flaky
      retryStrategy:
        limit: 2
      container:
        image: python:3.12
        command: [python, -c, "print('train')"]
    - name: step
      container:
        image: python:3.12
        command: [python, -c, "print('step')"]
    - name: notify
      container:
        image: alpine:3.20
        command: [echo, "{{workflow.status}}"]
`;
}
