import { Module } from '@nestjs/common';
import { MemberWithdrawalRepository } from './member-withdrawal.repository';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';
import { ScreeningLapseRepository } from './screening-lapse.repository';
import { ScreeningLapseService } from './screening-lapse.service';

@Module({
  providers: [
    ProgramsRepository,
    MemberWithdrawalRepository,
    ProgramsService,
    ScreeningLapseRepository,
    ScreeningLapseService,
  ],
  exports: [ProgramsRepository, ProgramsService, ScreeningLapseService],
})
export class ProgramsModule {}
