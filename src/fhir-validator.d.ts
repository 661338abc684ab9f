/** Types of the dev-only FHIR R4 JSON schema validator (it ships none). */
declare module '@asymmetrik/fhir-json-schema-validator' {
	export default class JSONSchemaValidator {
		constructor(schema?: object, ajvSettings?: object);
		/** The schema errors of a resource; empty when it is valid. */
		validate(resource: object, verbose?: boolean): unknown[];
	}
}
