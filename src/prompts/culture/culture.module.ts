import { Module } from '@nestjs/common';
import { PromptsCoreModule } from '../prompts-core.module';
import { CultureCatalogueService } from './culture-catalogue.service';
import { CultureRepository } from './culture.repository';
import { CultureService } from './culture.service';

/** Films and virtual tours: what prompts are filled with, and what staff add per programme. */
@Module({
  imports: [PromptsCoreModule],
  providers: [CultureRepository, CultureService, CultureCatalogueService],
  exports: [CultureService, CultureCatalogueService],
})
export class CultureModule {}
