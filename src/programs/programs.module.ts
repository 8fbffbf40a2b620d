import { Module } from '@nestjs/common';
import { MemberWithdrawalRepository } from './member-withdrawal.repository';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';

@Module({
  providers: [ProgramsRepository, MemberWithdrawalRepository, ProgramsService],
  exports: [ProgramsRepository, ProgramsService],
})
export class ProgramsModule {}
