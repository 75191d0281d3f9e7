// The language service of the composed application, for the CLI's language commands.
export { languageServiceFor as languageService } from '../../app/language-service-for.js';
